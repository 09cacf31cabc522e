package dev.parley.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * One backup file holds everything Parley keeps: a tar with the database dump ({@code pg_dump}
 * custom format, compressed by pg_dump) and the blob store (originals of uploaded documents).
 * Blobs are already compressed formats mostly, so the tar itself is not compressed.
 */
final class BackupArchive {

    static final String DATABASE_ENTRY = "database.dump";
    static final String BLOBS_PREFIX = "blobs/";

    private BackupArchive() {}

    /** Writes the archive privately (0600) and atomically: a failed run leaves no partial file. */
    static void write(Path target, Path databaseDump, Path blobDir) {
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try {
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(partial);
            Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream file = Files.newOutputStream(partial); TarArchiveOutputStream tar = new TarArchiveOutputStream(file)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                add(tar, databaseDump, DATABASE_ENTRY);
                for (Path blob : blobs(blobDir)) {
                    add(tar, blob, BLOBS_PREFIX + blobDir.relativize(blob).toString().replace('\\', '/'));
                }
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // only left after an earlier error, which is what gets reported
            }
        }
    }

    /** Extracts the database dump to {@code dumpTarget}; fails with a plain message for anything else. */
    static void extractDatabase(Path archive, Path dumpTarget) {
        if (!Files.isRegularFile(archive)) throw new IllegalStateException("No backup file at " + archive);
        boolean found = false;
        try (TarArchiveInputStream tar = open(archive)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.getName().equals(DATABASE_ENTRY)) {
                    Files.copy(tar, dumpTarget, StandardCopyOption.REPLACE_EXISTING);
                    found = true;
                    break;
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException(archive + " is not a Parley backup: it is not a backup archive", e);
        }
        if (!found) throw new IllegalStateException(archive + " is not a Parley backup: it holds no database");
    }

    /** Restores the blob store; entries that would escape the directory are refused. */
    static int extractBlobs(Path archive, Path blobDir) {
        int count = 0;
        Path root = blobDir.toAbsolutePath().normalize();
        try (TarArchiveInputStream tar = open(archive)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (!entry.isFile() || !entry.getName().startsWith(BLOBS_PREFIX)) continue;
                Path target = root.resolve(entry.getName().substring(BLOBS_PREFIX.length())).normalize();
                if (!target.startsWith(root)) throw new IllegalStateException("Backup entry outside the blob store: " + entry.getName());
                Files.createDirectories(target.getParent());
                Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                count++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot restore the blob store: " + e.getMessage(), e);
        }
        return count;
    }

    private static TarArchiveInputStream open(Path archive) throws IOException {
        InputStream in = Files.newInputStream(archive);
        return new TarArchiveInputStream(in);
    }

    private static void add(TarArchiveOutputStream tar, Path file, String name) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(file.toFile(), name);
        tar.putArchiveEntry(entry);
        Files.copy(file, tar);
        tar.closeArchiveEntry();
    }

    private static List<Path> blobs(Path blobDir) throws IOException {
        if (blobDir == null || !Files.isDirectory(blobDir)) return List.of();
        try (Stream<Path> files = Files.walk(blobDir)) {
            // .part files are uploads still being written: not part of any committed document
            return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".part")).sorted().toList();
        }
    }
}
