package dev.parley.platform;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Parley keeps its data and how it reaches PostgreSQL. With no {@code db.url} Parley runs
 * its own embedded cluster under {@code dataDir}; with one, it uses that external server.
 *
 * @param dataDir data directory (embedded cluster, credentials, blobs); env PARLEY_DATA_DIR
 * @param db      database connection; env PARLEY_DB_URL, PARLEY_DB_OWNER_USER, ...
 */
@ConfigurationProperties("parley")
public record PlatformProperties(@DefaultValue("data") Path dataDir, @DefaultValue Db db) {

    /**
     * @param url           external JDBC URL; blank means the embedded cluster
     * @param ownerUser     schema owner, runs migrations (external only)
     * @param ownerPassword its password
     * @param appUser       runtime role: owns nothing, no BYPASSRLS (external only)
     * @param appPassword   its password
     * @param port          embedded cluster port; 0 picks a free one
     * @param binDir        PostgreSQL bin directory; unset picks the newest install with pgvector
     * @param poolSize      maximum connections of the runtime pool
     */
    public record Db(String url, String ownerUser, String ownerPassword, String appUser, String appPassword,
                     @DefaultValue("15432") int port, Path binDir, @DefaultValue("10") int poolSize) {

        boolean embedded() {
            return url == null || url.isBlank();
        }
    }
}
