package dev.parley.knowledge;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Originals on the filesystem, one file per document under the tenant's directory, so a
 * re-index never needs a re-upload. Writes go to a temporary file first and are moved into
 * place, so a crash never leaves a half-written blob under a real key.
 */
@Component
class BlobStore {

    /** A stored original: its key, size and SHA-256. */
    record Stored(String key, long size, String sha256) {}

    /** Thrown while copying when the stream passes the size limit; the partial file is removed. */
    static final class TooLarge extends IOException {
        TooLarge() {
            super("too large");
        }
    }

    private final Path root;

    BlobStore(KnowledgeProperties properties, Environment environment) {
        this.root = properties.blobDir() != null ? properties.blobDir()
                : Path.of(environment.getProperty("parley.data-dir", "data")).resolve("blobs");
    }

    Stored store(UUID tenantId, UUID documentId, InputStream content, long maxBytes) throws IOException {
        Path dir = root.resolve(tenantId.toString());
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, documentId.toString(), ".part");
        try {
            MessageDigest sha = sha256();
            long size;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), sha)) {
                size = copyLimited(content, out, maxBytes);
            }
            String key = tenantId + "/" + documentId;
            Files.move(temp, root.resolve(key), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Stored(key, size, HexFormat.of().formatHex(sha.digest()));
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    Path path(String key) {
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root.normalize())) throw new IllegalArgumentException("bad blob key");
        return path;
    }

    void delete(String key) {
        if (key == null) return;
        try {
            Files.deleteIfExists(path(key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void deleteTenant(UUID tenantId) throws IOException {
        Path dir = root.resolve(tenantId.toString());
        if (!Files.exists(dir)) return;
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private static long copyLimited(InputStream in, OutputStream out, long maxBytes) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > maxBytes) throw new TooLarge();
            out.write(buffer, 0, n);
        }
        return total;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
