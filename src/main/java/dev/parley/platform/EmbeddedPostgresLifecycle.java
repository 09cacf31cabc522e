package dev.parley.platform;

/** Starts the embedded cluster when no external database is configured; stops it with the context. */
final class EmbeddedPostgresLifecycle implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    EmbeddedPostgresLifecycle(PlatformProperties properties) {
        PlatformProperties.Db db = properties.db();
        this.postgres = db.embedded()
                ? EmbeddedPostgres.start(properties.dataDir(), db.port(), db.binDir())
                : null;
    }

    EmbeddedPostgres postgres() {
        if (postgres == null) throw new IllegalStateException("No embedded PostgreSQL: an external URL is configured");
        return postgres;
    }

    @Override
    public void close() {
        if (postgres != null) postgres.close();
    }
}
