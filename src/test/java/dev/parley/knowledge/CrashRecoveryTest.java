package dev.parley.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * {@code kill -9} of a real Parley process while it embeds a document, then a restart: the job is
 * revived, the document ends READY exactly once, and no chunk is duplicated or half-visible.
 */
class CrashRecoveryTest {

    private final Path dataDir = newDataDir();
    private final UUID tenant = UUID.randomUUID();
    private final UUID bot = UUID.randomUUID();
    private final UUID document = UUID.randomUUID();
    private Process parley;

    @AfterEach
    void stop() throws Exception {
        if (parley != null && parley.isAlive()) {
            parley.destroy(); // SIGTERM: graceful, stops the cluster it took over
            parley.waitFor();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    @Test
    void killedDuringEmbeddingResumesAfterRestartAndIndexesExactlyOnce() throws Exception {
        parley = startParley("first");
        awaitReady("first");
        seedDocumentAndEnqueue();

        awaitStatus(s -> s.equals("EMBEDDING"), Duration.ofSeconds(120));
        parley.destroyForcibly().waitFor(); // SIGKILL mid-step
        assertThat(query("SELECT status FROM documents WHERE id = ?")).isEqualTo("EMBEDDING");
        assertThat(query("SELECT count(*)::text FROM chunks WHERE document_id = ?")).as("nothing half-indexed").isEqualTo("0");

        parley = startParley("second");
        awaitReady("second");
        awaitStatus(s -> s.equals("READY") || s.equals("FAILED"), Duration.ofSeconds(180));

        assertThat(query("SELECT status FROM documents WHERE id = ?")).isEqualTo("READY");
        int chunkCount = Integer.parseInt(query("SELECT chunk_count::text FROM documents WHERE id = ?"));
        assertThat(chunkCount).isGreaterThan(100);
        assertThat(query("SELECT count(*)::text FROM chunks WHERE document_id = ?")).isEqualTo(String.valueOf(chunkCount));
        assertThat(query("SELECT count(DISTINCT ordinal)::text FROM chunks WHERE document_id = ?")).isEqualTo(String.valueOf(chunkCount));
        assertThat(query("SELECT count(DISTINCT content_hash)::text FROM chunks WHERE document_id = ?")).isEqualTo(String.valueOf(chunkCount));
    }

    private Process startParley(String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Surefire runs tests from a manifest-only jar; its property holds the real class path.
        String classPath = Stream.of(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .split(File.pathSeparator)).filter(entry -> !entry.isBlank())
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx768m", "-cp", classPath,
                "dev.parley.ParleyApplication", "--parley.data-dir=" + dataDir, "--server.port=0", "--parley.db.port=0",
                "--parley.demo.enabled=false", "--spring.main.banner-mode=off"));
        return new ProcessBuilder(command).directory(dataDir.toFile()).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve(name + ".log").toFile()).start();
    }

    private void awaitReady(String name) throws Exception {
        Path log = dataDir.resolve(name + ".log");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        while (Instant.now().isBefore(deadline)) {
            if (!parley.isAlive()) throw new AssertionError("Parley exited:\n" + Files.readString(log));
            if (Files.exists(log) && Files.readString(log).contains("Started ParleyApplication")) return;
            Thread.sleep(250);
        }
        throw new AssertionError("Parley did not start:\n" + Files.readString(log));
    }

    /** Rows as the real pipeline expects them, the original in the blob store, and a durable job. */
    private void seedDocumentAndEnqueue() throws Exception {
        StringBuilder text = new StringBuilder("# Product manual\n");
        for (int i = 0; i < 400; i++) {
            text.append("\n## Section ").append(i).append("\n");
            for (int j = 0; j < 6; j++) {
                text.append("Item ").append(i).append('.').append(j)
                        .append(" explains how setting number ").append(i * 10 + j)
                        .append(" changes the behaviour of the widget on slow connections. ");
            }
        }
        Path blob = dataDir.resolve("blobs").resolve(tenant.toString()).resolve(document.toString());
        Files.createDirectories(blob.getParent());
        Files.writeString(blob, text);
        try (Connection c = appConnection()) {
            c.setAutoCommit(false);
            bind(c);
            update(c, "INSERT INTO tenants (id, name) VALUES (?, 'Crash test')", tenant);
            update(c, "INSERT INTO bots (tenant_id, id, name, public_key) VALUES (?, ?, 'Bot', ?)", tenant, bot,
                    "pk_" + UUID.randomUUID().toString().replace("-", ""));
            update(c, """
                    INSERT INTO documents (tenant_id, id, bot_id, title, source_type, mime_type, size_bytes, blob_key)
                    VALUES (?, ?, ?, 'Product manual', 'TEXT', 'text/plain', ?, ?)""",
                    tenant, document, bot, Files.size(blob), tenant + "/" + document);
            c.commit();
        }
        OneTimeTask<IngestionJob> task = Tasks.oneTime(IngestionJob.TASK, IngestionJob.class).execute((i, ctx) -> {});
        SchedulerClient client = SchedulerClient.Builder.create(dataSource(), task).build();
        client.scheduleIfNotExists(task.instance(document.toString(), new IngestionJob(tenant, document)), Instant.now());
    }

    private void awaitStatus(Predicate<String> done, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        String status = null;
        while (Instant.now().isBefore(deadline)) {
            status = query("SELECT status FROM documents WHERE id = ?");
            if (done.test(status)) return;
            Thread.sleep(50);
        }
        throw new AssertionError("document stayed " + status);
    }

    private String query(String sql) throws SQLException {
        try (Connection c = appConnection()) {
            c.setAutoCommit(false);
            bind(c);
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setObject(1, document);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            } finally {
                c.commit();
            }
        }
    }

    private void bind(Connection c) throws SQLException {
        update(c, "SELECT set_config('app.tenant_id', ?, true)", tenant.toString());
    }

    private static void update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) s.setObject(i + 1, params[i]);
            s.execute();
        }
    }

    private Connection appConnection() throws SQLException {
        return dataSource().getConnection();
    }

    private SimpleDriverDataSource dataSource() {
        try (Reader in = Files.newBufferedReader(dataDir.resolve("credentials.properties"))) {
            Properties credentials = new Properties();
            credentials.load(in);
            int port = Integer.parseInt(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(3).strip());
            return new SimpleDriverDataSource(new org.postgresql.Driver(), "jdbc:postgresql://127.0.0.1:" + port + "/parley",
                    "parley_app", credentials.getProperty("app.password"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path newDataDir() {
        try {
            // Under /tmp and traversable: the 'postgres' account runs the cluster when tests run as root.
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "parley-crash-test-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
