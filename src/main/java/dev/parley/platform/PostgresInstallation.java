package dev.parley.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A PostgreSQL server installation on this machine. The launcher takes the newest one that has
 * pgvector, because an older server without the extension cannot hold Parley's schema.
 */
record PostgresInstallation(int majorVersion, Path binDir) {

    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");
    private static final Path DEBIAN_SHARE = Path.of("/usr/share/postgresql");

    Path tool(String name) {
        return binDir.resolve(name);
    }

    /** Newest Debian-layout server with pgvector, or the explicitly configured bin directory. */
    static PostgresInstallation find(Path configuredBinDir) {
        if (configuredBinDir != null) {
            if (!Files.isExecutable(configuredBinDir.resolve("postgres"))) {
                throw new IllegalStateException("parley.db.embedded.bin-dir " + configuredBinDir
                        + " holds no 'postgres' executable");
            }
            return new PostgresInstallation(0, configuredBinDir);
        }
        return newestWithPgvector().orElseThrow(() -> new IllegalStateException("""
                No PostgreSQL server with pgvector was found under %s.
                Run './parley start' once (it installs both), or install a server and its pgvector
                package, e.g. 'apt-get install postgresql-17 postgresql-17-pgvector', or point
                PARLEY_DB_URL at an external PostgreSQL with pgvector.""".formatted(DEBIAN_ROOT)));
    }

    static Optional<PostgresInstallation> newestWithPgvector() {
        if (!Files.isDirectory(DEBIAN_ROOT)) return Optional.empty();
        try (Stream<Path> versions = Files.list(DEBIAN_ROOT)) {
            return versions
                    .filter(dir -> dir.getFileName().toString().matches("\\d+"))
                    .map(dir -> new PostgresInstallation(Integer.parseInt(dir.getFileName().toString()),
                            dir.resolve("bin")))
                    .filter(PostgresInstallation::isComplete)
                    .max(Comparator.comparingInt(PostgresInstallation::majorVersion));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list " + DEBIAN_ROOT, e);
        }
    }

    private boolean isComplete() {
        return Files.isExecutable(tool("postgres"))
                && Files.isExecutable(tool("initdb"))
                && Files.exists(DEBIAN_SHARE.resolve(String.valueOf(majorVersion)).resolve("extension/vector.control"))
                && Files.exists(DEBIAN_ROOT.resolve(String.valueOf(majorVersion)).resolve("lib/vector.so"));
    }
}
