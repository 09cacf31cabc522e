package dev.parley.platform;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;

/**
 * Passwords of the embedded cluster's roles, generated on first start and kept in the data
 * directory (mode 0600) so a restart, backup or restore finds them again.
 */
public record DatabaseCredentials(String superuserPassword, String ownerUser, String ownerPassword,
                                  String appUser, String appPassword) {

    static final String OWNER = "parley_owner";
    static final String APP = "parley_app";

    static DatabaseCredentials loadOrCreate(Path file) {
        try {
            Properties props = new Properties();
            if (Files.exists(file)) {
                try (Reader in = Files.newBufferedReader(file)) {
                    props.load(in);
                }
            } else {
                props.setProperty("superuser.password", randomSecret());
                props.setProperty("owner.password", randomSecret());
                props.setProperty("app.password", randomSecret());
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try (Writer out = Files.newBufferedWriter(file)) {
                    props.store(out, "Parley embedded PostgreSQL credentials - keep private");
                }
            }
            return new DatabaseCredentials(props.getProperty("superuser.password"), OWNER,
                    props.getProperty("owner.password"), APP, props.getProperty("app.password"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write " + file, e);
        }
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public String toString() {
        return "DatabaseCredentials[owner=" + ownerUser + ", app=" + appUser + "]";
    }
}
