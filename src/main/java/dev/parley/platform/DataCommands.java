package dev.parley.platform;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

/**
 * {@code java -jar parley.jar backup FILE} and {@code restore FILE}: one command each, run without
 * the application context so they work whether Parley is stopped or running on the same data
 * directory. A stopped cluster is started for the command and stopped again; a running one is
 * used as it is.
 */
public final class DataCommands {

    private static final String USAGE = "Usage: parley.jar backup|restore FILE [--parley.data-dir=DIR]";

    private DataCommands() {}

    /** Whether {@code args} ask for one of these commands rather than for the application. */
    public static boolean handles(String[] args) {
        return args.length > 0 && ("backup".equals(args[0]) || "restore".equals(args[0]));
    }

    /** Runs the command; returns the process exit code (0 done, 1 failed or refused). */
    public static int run(String[] args) {
        // The launcher's INFO lines would bury the one-line result; warnings still show.
        LoggingSystem.get(DataCommands.class.getClassLoader()).setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.WARN);
        return run(List.of(args), System.getenv(), System.out, System.err);
    }

    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        String command = args.getFirst();
        String label = command.substring(0, 1).toUpperCase(Locale.ROOT) + command.substring(1);
        List<String> files = new ArrayList<>();
        Map<String, String> options = new java.util.HashMap<>();
        for (String arg : args.subList(1, args.size())) {
            if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                files.add(arg);
            }
        }
        if (files.size() != 1) {
            err.println(USAGE);
            return 1;
        }
        // Same sources and precedence as the application: command-line option, then environment.
        String url = setting(options, env, "parley.db.url", "PARLEY_DB_URL", "");
        if (!url.isBlank()) {
            err.println(label + " failed: PARLEY_DB_URL points at an external database; back it up and restore it"
                    + " with that server's own tools (pg_dump -Fc / pg_restore).");
            return 1;
        }
        Path dataDir = Path.of(setting(options, env, "parley.data-dir", "PARLEY_DATA_DIR", "data")).toAbsolutePath().normalize();
        String binDirSetting = setting(options, env, "parley.db.bin-dir", "PARLEY_DB_BIN_DIR", "");
        Path binDir = binDirSetting.isBlank() ? null : Path.of(binDirSetting);
        Path file = Path.of(files.getFirst()).toAbsolutePath().normalize();
        try {
            out.println("backup".equals(command) ? backup(dataDir, binDir, file) : restore(dataDir, binDir, file));
            return 0;
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            String outcome = e instanceof EmbeddedPostgres.RefusedException ? " refused: " : " failed: ";
            err.println(label + outcome + message.lines().findFirst().orElse(message));
            // The tool's own output (pg_restore's error and the statement) goes below the summary.
            Throwable detail = e instanceof ProcessRunner.CommandFailedException ? e : e.getCause();
            if (detail instanceof ProcessRunner.CommandFailedException failed) {
                failed.getMessage().lines().skip(1).forEach(line -> err.println("  " + line));
            }
            return 1;
        }
    }

    static String backup(Path dataDir, Path binDir, Path file) {
        if (!EmbeddedPostgres.hasCluster(dataDir)) {
            throw new IllegalStateException("No Parley database in " + dataDir
                    + " (set PARLEY_DATA_DIR to Parley's data directory)");
        }
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDir, 0, binDir)) {
            Path dump = file.resolveSibling(file.getFileName() + ".db.partial");
            try {
                postgres.backup(dump);
                BackupArchive.write(file, dump, blobDir(dataDir));
            } finally {
                deleteQuietly(dump);
            }
            long tenants = postgres.countTenants();
            return "Backed up " + dataDir + " (" + tenants + " tenants) to " + file + " (" + size(file) + ")";
        }
    }

    static String restore(Path dataDir, Path binDir, Path file) {
        // Checked before anything is created, so a wrong file leaves no new data directory behind.
        Path dump;
        try {
            dump = Files.createTempFile("parley-restore-", ".dump");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create a temporary file: " + e.getMessage(), e);
        }
        try {
            BackupArchive.extractDatabase(file, dump);
            EmbeddedPostgres.requireParleyBackup(dump, PostgresInstallation.find(binDir));
            try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDir, 0, binDir)) {
                postgres.restore(dump);
                int blobs = BackupArchive.extractBlobs(file, blobDir(dataDir));
                long tenants = postgres.countTenants();
                return "Restored " + file + " into " + dataDir + " (" + tenants + " tenants, " + blobs
                        + " stored originals); start Parley with PARLEY_DATA_DIR=" + dataDir;
            }
        } catch (IllegalStateException e) {
            // The dump's own name means nothing to the user: report the file they gave.
            throw e.getMessage() != null && e.getMessage().startsWith(dump.toString())
                    ? new IllegalStateException(file + e.getMessage().substring(dump.toString().length()), e) : e;
        } finally {
            deleteQuietly(dump);
        }
    }

    /** The blob store's default place; a custom parley.knowledge.blob-dir is backed up by the operator. */
    static Path blobDir(Path dataDir) {
        return dataDir.resolve("blobs");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file in /tmp; nothing depends on it
        }
    }

    private static String setting(Map<String, String> options, Map<String, String> env, String property, String variable,
                                  String fallback) {
        String value = options.get(property);
        if (value == null) value = env.get(variable);
        return value == null ? fallback : value;
    }

    private static String size(Path file) {
        try {
            long bytes = Files.size(file);
            return bytes < 1024 * 1024 ? (bytes + 1023) / 1024 + " KiB" : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
        } catch (IOException e) {
            return "size unknown";
        }
    }
}
