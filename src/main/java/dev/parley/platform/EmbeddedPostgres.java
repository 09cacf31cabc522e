package dev.parley.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL cluster that Parley owns: its own data directory and port, started with the app and
 * stopped with it. A cluster left running by a killed app is adopted on the next start.
 *
 * <p>Three roles: a superuser for bootstrap only (extensions, roles), the schema owner that runs
 * migrations, and the application role that owns nothing and is subject to row-level security.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    static final String DATABASE = "parley";
    static final String SUPERUSER = "parley_super";
    /** pg_dump and pg_restore of a large database take long; only a hung tool should hit this. */
    private static final long DATA_TOOL_TIMEOUT_SECONDS = 24 * 3600;

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);

    private final PostgresInstallation installation;
    private final Path dataDir;
    private final Path clusterDir;
    private final Path logFile;
    private final DatabaseCredentials credentials;
    private int port;
    private boolean startedByUs;
    private Optional<ClusterLock> ownership = Optional.empty();

    private EmbeddedPostgres(PostgresInstallation installation, Path dataDir, DatabaseCredentials credentials) {
        this.installation = installation;
        this.dataDir = dataDir;
        this.clusterDir = dataDir.resolve("postgres");
        this.logFile = dataDir.resolve("postgres.log");
        this.credentials = credentials;
    }

    /** Initialises the cluster when the data directory is new, then starts (or adopts) it. */
    public static EmbeddedPostgres start(Path dataDir, int requestedPort, Path binDir) {
        PostgresInstallation installation = PostgresInstallation.find(binDir);
        Path absolute = dataDir.toAbsolutePath().normalize();
        createPrivateDirectory(absolute);
        DatabaseCredentials credentials = DatabaseCredentials.loadOrCreate(absolute.resolve("credentials.properties"));
        EmbeddedPostgres postgres = new EmbeddedPostgres(installation, absolute, credentials);
        postgres.startCluster(requestedPort);
        postgres.bootstrap();
        return postgres;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public int port() {
        return port;
    }

    public DatabaseCredentials credentials() {
        return credentials;
    }

    public Path dataDir() {
        return dataDir;
    }

    PostgresInstallation installation() {
        return installation;
    }

    /** True when {@code dataDir} already holds an initialised cluster (as opposed to a new, empty directory). */
    public static boolean hasCluster(Path dataDir) {
        return Files.exists(dataDir.toAbsolutePath().normalize().resolve("postgres").resolve("PG_VERSION"));
    }

    /**
     * Writes a pg_dump custom-format archive of the whole Parley database (schema, rows, grants,
     * RLS policies) to {@code file}. The file is private (0600: it holds password and key hashes)
     * and appears only once complete, so a failed run never leaves a truncated backup behind.
     */
    public void backup(Path file) {
        Path target = file.toAbsolutePath().normalize();
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try {
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(partial);
            Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            ProcessRunner.run(List.of(installation.tool("pg_dump").toString(), "--format=custom",
                    "--dbname=" + DATABASE, "--file=" + partial), superuserEnvironment(), DATA_TOOL_TIMEOUT_SECONDS);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // only left behind after an earlier error, which is what gets reported
            }
        }
    }

    /**
     * Restores a {@link #backup} into this cluster's database, which must hold no tables yet: a
     * restore never merges into or overwrites live data. Roles, their passwords and the vector
     * extension come from {@link #bootstrap}; the archive brings every object with its owner,
     * grants and policies. One transaction: on any error the database stays empty.
     */
    public void restore(Path file) {
        Path source = file.toAbsolutePath().normalize();
        requireParleyBackup(source, installation);
        long tables = countTables();
        if (tables > 0) {
            throw new RefusedException("the database in " + dataDir + " already holds " + tables
                    + " tables; restore only into a new, empty data directory (set PARLEY_DATA_DIR to one)");
        }
        // The archive's "CREATE EXTENSION IF NOT EXISTS vector" keeps the one bootstrap created.
        ProcessRunner.run(List.of(installation.tool("pg_restore").toString(), "--dbname=" + DATABASE,
                "--single-transaction", "--exit-on-error", "--no-password", source.toString()),
                superuserEnvironment(), DATA_TOOL_TIMEOUT_SECONDS);
        try (Connection admin = connectAsSuperuser(DATABASE); Statement sql = admin.createStatement()) {
            sql.execute("ANALYZE"); // pg_restore leaves the planner without statistics
        } catch (SQLException e) {
            log.warn("ANALYZE after the restore failed; autovacuum will catch up: {}", e.getMessage());
        }
    }

    /** A restore that would overwrite or merge into existing data. */
    static final class RefusedException extends IllegalStateException {
        RefusedException(String message) {
            super(message);
        }
    }

    /** Fails unless {@code file} is a pg_dump archive of a Parley database; reads it without touching any cluster. */
    static void requireParleyBackup(Path file, PostgresInstallation installation) {
        Path source = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(source)) throw new IllegalStateException("No backup file at " + source);
        String contents;
        try {
            contents = ProcessRunner.run(List.of(installation.tool("pg_restore").toString(), "--list", source.toString()),
                    Map.of(), 600);
        } catch (ProcessRunner.CommandFailedException e) {
            throw new IllegalStateException(source + " is not a Parley backup: pg_restore cannot read it", e);
        }
        // Table entries read "<id>; <oid> <oid> TABLE public tenants <owner>".
        if (contents.lines().noneMatch(line -> line.matches(".* TABLE public tenants .*"))) {
            throw new IllegalStateException(source + " is not a Parley backup: it holds no tenants table");
        }
    }

    /** Tables in the Parley database outside the system schemas; 0 for a freshly bootstrapped one. */
    long countTables() {
        return scalar("""
                SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                  AND n.nspname NOT LIKE 'pg_toast%'""");
    }

    /** Tenants in the database, counted as the superuser (not subject to row-level security). */
    long countTenants() {
        return scalar("SELECT count(*) FROM tenants");
    }

    private long scalar(String query) {
        try (Connection admin = connectAsSuperuser(DATABASE); Statement sql = admin.createStatement();
             ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Querying the embedded database failed: " + e.getMessage(), e);
        }
    }

    private void startCluster(int requestedPort) {
        if (!Files.exists(clusterDir.resolve("PG_VERSION"))) {
            initCluster();
        }
        ownership = ClusterLock.tryAcquire(dataDir);
        if (isRunning()) {
            port = portFromPidFile();
            // Running with nobody holding the lock: left behind by a killed Parley. Take it over, so
            // it stops with us. Otherwise a live Parley (or another context here) owns it: share it.
            startedByUs = ownership.isPresent();
            log.info("{} the embedded PostgreSQL already running on port {} ({})",
                    startedByUs ? "Taking over" : "Sharing", port, clusterDir);
            return;
        }
        port = requestedPort > 0 ? requestedPort : freePort();
        log.info("Starting embedded PostgreSQL {} on 127.0.0.1:{} ({})", installation.majorVersion(), port, clusterDir);
        String options = "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''";
        ProcessRunner.runServerTool(List.of(installation.tool("pg_ctl").toString(), "start", "-w", "-t", "120",
                "-D", clusterDir.toString(), "-l", logFile.toString(), "-o", options), Map.of(), 150);
        startedByUs = true;
    }

    private void initCluster() {
        log.info("Initialising a new PostgreSQL cluster in {}", clusterDir);
        Path passwordFile = dataDir.resolve(".initdb-password");
        try {
            Files.createDirectories(clusterDir);
            Files.writeString(passwordFile, credentials.superuserPassword());
            Files.writeString(logFile, "", java.nio.file.StandardOpenOption.CREATE);
            if (ProcessRunner.isRoot()) {
                // The server runs as 'postgres': it must own its directory and reach its log.
                ProcessRunner.run(List.of("chown", "-R", ProcessRunner.SERVER_ACCOUNT, clusterDir.toString(),
                        passwordFile.toString(), logFile.toString()), Map.of(), 30);
                requireReachableByServerAccount();
            }
            ProcessRunner.runServerTool(List.of(installation.tool("initdb").toString(), "-D", clusterDir.toString(),
                    "-U", SUPERUSER, "--pwfile=" + passwordFile, "--auth=scram-sha-256", "--encoding=UTF8",
                    "--locale=C.UTF-8"), Map.of(), 300);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(passwordFile);
            } catch (IOException ignored) {
                // a leftover file holds only the local superuser's password and sits in a 0700 directory
            }
        }
    }

    private void requireReachableByServerAccount() {
        try {
            ProcessRunner.runServerTool(List.of("test", "-w", clusterDir.toString()), Map.of(), 10);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("""
                    The embedded PostgreSQL runs as the '%s' account when Parley runs as root, and that
                    account cannot reach %s. Set PARLEY_DATA_DIR to a directory whose parents it can enter
                    (for example under /var/lib or /srv), or run Parley as an ordinary user."""
                    .formatted(ProcessRunner.SERVER_ACCOUNT, clusterDir), e);
        }
    }

    private boolean isRunning() {
        if (!Files.exists(clusterDir.resolve("postmaster.pid"))) return false;
        try {
            ProcessRunner.runServerTool(List.of(installation.tool("pg_ctl").toString(), "status", "-D",
                    clusterDir.toString()), Map.of(), 30);
            return true;
        } catch (ProcessRunner.CommandFailedException e) {
            return false; // stale pid file after a crash: the server's own start handles it
        }
    }

    private int portFromPidFile() {
        try {
            // postmaster.pid line 4 is the port (PostgreSQL's documented pid-file layout)
            return Integer.parseInt(Files.readAllLines(clusterDir.resolve("postmaster.pid")).get(3).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Roles, database and extension; idempotent so that every start repairs a partial first run. */
    private void bootstrap() {
        try (Connection admin = connectAsSuperuser("postgres"); Statement sql = admin.createStatement()) {
            ensureRole(sql, credentials.ownerUser(), credentials.ownerPassword(),
                    "LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB BYPASSRLS");
            ensureRole(sql, credentials.appUser(), credentials.appPassword(),
                    "LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOBYPASSRLS NOINHERIT");
            sql.execute("ALTER ROLE " + credentials.appUser() + " SET plan_cache_mode = force_custom_plan");
            var exists = sql.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!exists.next()) {
                sql.execute("CREATE DATABASE " + DATABASE + " OWNER " + credentials.ownerUser());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Bootstrapping the embedded database failed: " + e.getMessage(), e);
        }
        try (Connection admin = connectAsSuperuser(DATABASE); Statement sql = admin.createStatement()) {
            // pgvector is not a trusted extension: only a superuser may create it
            sql.execute("CREATE EXTENSION IF NOT EXISTS vector");
            sql.execute("REVOKE ALL ON DATABASE " + DATABASE + " FROM PUBLIC");
            sql.execute("GRANT CONNECT ON DATABASE " + DATABASE + " TO " + credentials.appUser());
        } catch (SQLException e) {
            throw new IllegalStateException("Creating the pgvector extension failed: " + e.getMessage(), e);
        }
    }

    private static void ensureRole(Statement sql, String role, String password, String attributes) throws SQLException {
        var exists = sql.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + role + "'");
        String verb = exists.next() ? "ALTER" : "CREATE";
        sql.execute(verb + " ROLE " + role + " WITH " + attributes + " PASSWORD '" + password + "'");
    }

    Connection connectAsSuperuser(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database,
                SUPERUSER, credentials.superuserPassword());
    }

    Map<String, String> superuserEnvironment() {
        return Map.of("PGPASSWORD", credentials.superuserPassword(), "PGHOST", "127.0.0.1",
                "PGPORT", String.valueOf(port), "PGUSER", SUPERUSER);
    }

    @Override
    public void close() {
        ownership.ifPresent(ClusterLock::release);
        ownership = Optional.empty();
        if (!startedByUs) return;
        log.info("Stopping embedded PostgreSQL on port {}", port);
        List<String> stop = new ArrayList<>(List.of(installation.tool("pg_ctl").toString(), "stop", "-w",
                "-t", "60", "-m", "fast", "-D", clusterDir.toString()));
        try {
            ProcessRunner.runServerTool(stop, Map.of(), 90);
        } catch (IllegalStateException e) {
            log.warn("Stopping PostgreSQL failed; it will be adopted on the next start: {}", e.getMessage());
        }
        startedByUs = false;
    }

    private static void createPrivateDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create the data directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
