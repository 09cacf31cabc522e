package dev.parley.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.IntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Backup of the running test cluster, restore into a brand-new data directory, and proof that
 * every tenant's rows come back as the restricted app role sees them through row-level security.
 */
class BackupRestoreTest extends IntegrationTest {

    /** Tenant tables the test fills, with how many rows each tenant gets. */
    private static final List<String> TABLES = List.of("tenants", "bots", "api_keys", "invitations", "audit_log",
            "documents", "chunks");

    @Autowired ApplicationContext context;
    @Autowired JdbcClient appJdbc;

    private Path workDir;
    private Path restoredDataDir;

    @BeforeEach
    void directories() throws IOException {
        // Under /tmp and traversable, so the 'postgres' account reaches the cluster when tests run as root.
        workDir = Files.createTempDirectory(Path.of("/tmp"), "parley-backup-test-");
        Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwx--x--x"));
        restoredDataDir = workDir.resolve("restored-data");
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (Files.exists(restoredDataDir.resolve("postgres/postmaster.pid"))) {
            ProcessRunner.runServerTool(List.of(PostgresInstallation.find(null).tool("pg_ctl").toString(), "stop", "-w",
                    "-m", "immediate", "-D", restoredDataDir.resolve("postgres").toString()), Map.of(), 90);
        }
        try (Stream<Path> files = Files.walk(workDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    @Test
    void restoresEveryTenantIntoAFreshDataDirectory() throws Exception {
        JdbcClient owner = OwnerDatabase.jdbc(context);
        UUID alpha = createTenant(owner, "Alpha Backup Co", 2);
        UUID beta = createTenant(owner, "Beta Backup Co", 3);
        Map<String, Long> sourceTotals = totals(owner);
        long sourcePolicies = owner.sql("SELECT count(*) FROM pg_policies").query(Long.class).single();
        Path backup = workDir.resolve("backups/parley.dump");
        // An original in the blob store, as the knowledge module keeps uploads.
        Path blob = DATA_DIR.resolve("blobs").resolve(alpha.toString()).resolve(UUID.randomUUID().toString());
        Files.createDirectories(blob.getParent());
        Files.writeString(blob, "original bytes of an uploaded file");

        // Backup while Parley runs on the data directory: pg_dump against the running cluster.
        Result backedUp = command("backup", backup, DATA_DIR);
        assertThat(backedUp.exitCode()).as(backedUp.err()).isZero();
        assertThat(backedUp.out()).startsWith("Backed up ").contains(backup.toString());
        assertThat(Files.getPosixFilePermissions(backup)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(appJdbc.sql("SELECT 1").query(Integer.class).single()).as("the app's cluster keeps running").isEqualTo(1);

        // Restore into a running, non-empty cluster (Parley's own) is refused and changes nothing.
        Result intoLive = command("restore", backup, DATA_DIR);
        assertThat(intoLive.exitCode()).isEqualTo(1);
        assertThat(intoLive.err()).startsWith("Restore refused: ").contains("already holds");
        assertThat(totals(owner)).isEqualTo(sourceTotals);

        Result restored = command("restore", backup, restoredDataDir);
        assertThat(restored.exitCode()).as(restored.err()).isZero();
        assertThat(restored.out()).startsWith("Restored ").contains(restoredDataDir.toString());
        assertThat(Files.exists(restoredDataDir.resolve("postgres/postmaster.pid"))).as("stopped again").isFalse();
        assertThat(restoredDataDir.resolve("blobs").resolve(DATA_DIR.resolve("blobs").relativize(blob)))
                .as("the blob store comes back too").hasContent("original bytes of an uploaded file");

        // A second restore into the now non-empty directory is refused.
        Result again = command("restore", backup, restoredDataDir);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).startsWith("Restore refused: ");

        try (EmbeddedPostgres copy = EmbeddedPostgres.start(restoredDataDir, 0, null)) {
            DatabaseCredentials c = copy.credentials();
            try (Connection app = DriverManager.getConnection(copy.jdbcUrl(), c.appUser(), c.appPassword())) {
                for (var tenant : List.of(Map.entry(alpha, 2), Map.entry(beta, 3))) {
                    Map<String, Long> seen = countAs(app, tenant.getKey().toString());
                    int n = tenant.getValue();
                    assertThat(seen).as("tenant with %d of each", n).isEqualTo(expectedRows(n));
                }
                assertThat(countAs(app, "")).as("no tenant bound: nothing visible")
                        .allSatisfy((table, count) -> assertThat(count).isZero());
                assertThat(vectorDistance(app, alpha)).as("vector column and extension survive").isZero();
                try (ResultSet rs = app.createStatement().executeQuery(
                        "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")) {
                    rs.next();
                    assertThat(rs.getBoolean(1)).as("app role superuser").isFalse();
                    assertThat(rs.getBoolean(2)).as("app role BYPASSRLS").isFalse();
                }
            }
            JdbcClient restoredOwner = JdbcClient.create(new org.springframework.jdbc.datasource.SimpleDriverDataSource(
                    new org.postgresql.Driver(), copy.jdbcUrl(), c.ownerUser(), c.ownerPassword()));
            assertThat(totals(restoredOwner)).as("every row of every tenant").isEqualTo(sourceTotals);
            assertThat(restoredOwner.sql("SELECT count(*) FROM pg_policies").query(Long.class).single())
                    .isEqualTo(sourcePolicies);
            assertThat(restoredOwner.sql("SELECT count(*) FROM pg_extension WHERE extname = 'vector'")
                    .query(Long.class).single()).isEqualTo(1L);
        }

        // Backup of a stopped cluster: started for the command and stopped again.
        Result offline = command("backup", workDir.resolve("offline.dump"), restoredDataDir);
        assertThat(offline.exitCode()).as(offline.err()).isZero();
        assertThat(offline.out()).contains("(" + sourceTotals.get("tenants") + " tenants)");
        assertThat(Files.exists(restoredDataDir.resolve("postgres/postmaster.pid"))).isFalse();
    }

    @Test
    void refusesBadInputWithOneClearLine() throws IOException {
        Path missing = workDir.resolve("no-such.dump");
        Result restore = command("restore", missing, restoredDataDir);
        assertThat(restore.exitCode()).isEqualTo(1);
        assertThat(restore.err()).isEqualTo("Restore failed: No backup file at " + missing + "\n");

        Path notABackup = Files.writeString(workDir.resolve("notes.txt"), "not a dump");
        Result wrongFile = command("restore", notABackup, restoredDataDir);
        assertThat(wrongFile.exitCode()).isEqualTo(1);
        assertThat(wrongFile.err()).startsWith("Restore failed: " + notABackup + " is not a Parley backup");
        assertThat(restoredDataDir).as("nothing initialised for a wrong file").doesNotExist();

        Result backup = command("backup", workDir.resolve("x.dump"), restoredDataDir);
        assertThat(backup.exitCode()).isEqualTo(1);
        assertThat(backup.err()).startsWith("Backup failed: No Parley database in " + restoredDataDir);

        var usage = new ByteArrayOutputStream();
        assertThat(DataCommands.run(List.of("backup"), Map.of(), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(usage, true, StandardCharsets.UTF_8))).isEqualTo(1);
        assertThat(usage.toString(StandardCharsets.UTF_8)).startsWith("Usage:");
    }

    @Test
    void refusesAnExternalDatabase() {
        var err = new ByteArrayOutputStream();
        int code = DataCommands.run(List.of("backup", "x.dump"), Map.of("PARLEY_DB_URL", "jdbc:postgresql://db/parley"),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Backup failed: PARLEY_DB_URL points at an external database");
    }

    record Result(int exitCode, String out, String err) {}

    private static Result command(String name, Path file, Path dataDir) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = DataCommands.run(List.of(name, file.toString(), "--parley.data-dir=" + dataDir), Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A tenant with {@code n} rows in each of {@link #TABLES} (one tenants row), written as the owner. */
    private static UUID createTenant(JdbcClient owner, String name, int n) {
        UUID tenant = UUID.randomUUID();
        owner.sql("INSERT INTO tenants (id, name, max_documents) VALUES (?, ?, 42)").params(tenant, name).update();
        for (int i = 0; i < n; i++) {
            UUID bot = UUID.randomUUID();
            UUID document = UUID.randomUUID();
            owner.sql("INSERT INTO bots (tenant_id, id, name, public_key) VALUES (?, ?, ?, ?)")
                    .params(tenant, bot, "Bot " + i, "pk_" + UUID.randomUUID().toString().replace("-", "")).update();
            owner.sql("INSERT INTO api_keys (tenant_id, id, name, prefix, secret_hash, scopes) VALUES (?, ?, ?, ?, ?, '{CHAT}')")
                    .params(tenant, UUID.randomUUID(), "Key " + i, UUID.randomUUID().toString().substring(0, 8), "hash").update();
            owner.sql("""
                    INSERT INTO invitations (tenant_id, id, email, role, token_hash, expires_at)
                    VALUES (?, ?, ?, 'EDITOR', ?, now() + interval '1 day')""")
                    .params(tenant, UUID.randomUUID(), "person" + i + "@example.com", UUID.randomUUID().toString()).update();
            owner.sql("INSERT INTO audit_log (tenant_id, id, actor_label, action) VALUES (?, ?, 'test', 'row.created')")
                    .params(tenant, UUID.randomUUID()).update();
            owner.sql("INSERT INTO documents (tenant_id, id, bot_id, title, source_type) VALUES (?, ?, ?, 'Doc', 'TEXT')")
                    .params(tenant, document, bot).update();
            owner.sql("""
                    INSERT INTO chunks (tenant_id, id, document_id, bot_id, ordinal, content, embedding)
                    VALUES (?, ?, ?, ?, 0, 'Opening hours are 9 to 5.', array_fill(0.25::real, ARRAY[384])::vector)""")
                    .params(tenant, UUID.randomUUID(), document, bot).update();
        }
        return tenant;
    }

    private static Map<String, Long> expectedRows(int n) {
        Map<String, Long> expected = new LinkedHashMap<>();
        for (String table : TABLES) expected.put(table, "tenants".equals(table) ? 1L : n);
        return expected;
    }

    /** Rows of each tenant table the app role sees with {@code tenant} bound the way the app binds it. */
    private static Map<String, Long> countAs(Connection app, String tenant) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        app.setAutoCommit(false);
        try {
            try (PreparedStatement bind = app.prepareStatement("SELECT set_config('app.tenant_id', ?, true)")) {
                bind.setString(1, tenant);
                bind.execute();
            }
            for (String table : TABLES) {
                try (ResultSet rs = app.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        } finally {
            app.commit();
            app.setAutoCommit(true);
        }
        return counts;
    }

    private static double vectorDistance(Connection app, UUID tenant) throws SQLException {
        app.setAutoCommit(false);
        try (PreparedStatement bind = app.prepareStatement("SELECT set_config('app.tenant_id', ?, true)")) {
            bind.setString(1, tenant.toString());
            bind.execute();
            try (ResultSet rs = app.createStatement().executeQuery(
                    "SELECT max(embedding <-> array_fill(0.25::real, ARRAY[384])::vector) FROM chunks")) {
                rs.next();
                return rs.getDouble(1);
            }
        } finally {
            app.commit();
            app.setAutoCommit(true);
        }
    }

    /** Row count of every table in the public schema, as the owner (sees all tenants). */
    private static Map<String, Long> totals(JdbcClient owner) {
        List<String> tables = new ArrayList<>(owner.sql(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename").query(String.class).list());
        Map<String, Long> totals = new LinkedHashMap<>();
        for (String table : tables) {
            totals.put(table, owner.sql("SELECT count(*) FROM " + table).query(Long.class).single());
        }
        return totals;
    }
}
