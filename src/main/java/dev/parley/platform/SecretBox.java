package dev.parley.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Seals secrets that must be stored but never shown again (a bot's LLM API key) with AES-256-GCM.
 * The key never enters the database: PARLEY_SECRET_KEY (base64 of 32 bytes; every node of a
 * cluster needs the same one) or, on one machine, a key file created once in the data directory.
 * A database dump alone therefore reveals no secret.
 */
@Component
public class SecretBox {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE_BYTES = 12;
    private static final String VERSION = "v1:";

    private final SecretKeySpec key;

    SecretBox(@Value("${parley.secret-key:}") String configured, PlatformProperties properties) {
        this.key = new SecretKeySpec(configured.isBlank() ? keyFile(properties.dataDir().resolve("secret.key"))
                : Base64.getDecoder().decode(configured.strip()), "AES");
        if (key.getEncoded().length != 32) throw new IllegalStateException("parley.secret-key must be 32 bytes, base64-encoded");
    }

    public String seal(String secret) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return VERSION + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Sealing failed", e);
        }
    }

    /** Throws when the value was sealed with another key (a data directory moved without its key). */
    public String open(String sealed) {
        if (!sealed.startsWith(VERSION)) throw new IllegalArgumentException("Not a sealed value");
        try {
            byte[] bytes = Base64.getDecoder().decode(sealed.substring(VERSION.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, bytes, 0, NONCE_BYTES));
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), java.nio.charset.StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This secret was sealed with another key: set PARLEY_SECRET_KEY to the original one, "
                    + "or enter the secret again", e);
        }
    }

    private static byte[] keyFile(Path file) {
        try {
            if (Files.exists(file)) return Base64.getDecoder().decode(Files.readString(file).strip());
            Files.createDirectories(file.getParent());
            byte[] fresh = new byte[32];
            RANDOM.nextBytes(fresh);
            Path partial = Files.createTempFile(file.getParent(), "secret", ".tmp");
            try {
                Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the directory's permissions protect it
            }
            Files.writeString(partial, Base64.getEncoder().encodeToString(fresh));
            Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create " + file, e);
        }
    }
}
