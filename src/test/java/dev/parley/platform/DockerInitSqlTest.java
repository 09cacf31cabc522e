package dev.parley.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.IntegrationTest;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * docker/initdb/01-roles.sql does for the pgvector container what the embedded launcher does for
 * its own cluster: run it the way the image's entrypoint does (psql as the superuser, connected to
 * the new database), migrate as the owner it created, and check the app role it created is the
 * restricted one. Uses a scratch database and roles in the test cluster, dropped afterwards.
 */
class DockerInitSqlTest extends IntegrationTest {

    private static final String SCRIPT = "docker/initdb/01-roles.sql";

    @Autowired EmbeddedPostgresLifecycle embedded;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String database = "initdb_check_" + suffix;
    private final String owner = "it_owner_" + suffix;
    private final String app = "it_app_" + suffix;

    @AfterEach
    void dropScratchObjects() throws Exception {
        try (Connection admin = embedded.postgres().connectAsSuperuser("postgres"); Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            sql.execute("DROP ROLE IF EXISTS " + app);
            sql.execute("DROP ROLE IF EXISTS " + owner);
        }
    }

    @Test
    void createsTheOwnerTheRestrictedAppRoleAndTheExtension() throws Exception {
        EmbeddedPostgres postgres = embedded.postgres();
        try (Connection admin = postgres.connectAsSuperuser("postgres"); Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE " + database); // as POSTGRES_DB is created: owned by the superuser
        }
        runScript(Map.of("PARLEY_DB_OWNER_USER", owner, "PARLEY_DB_OWNER_PASSWORD", "owner-secret",
                "PARLEY_DB_APP_USER", app, "PARLEY_DB_APP_PASSWORD", "app-secret"));

        String url = "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + database;
        var ownerSource = new SimpleDriverDataSource(new org.postgresql.Driver(), url, owner, "owner-secret");
        // Migrate exactly as the app does with an external database: as the owner, granting to the app role.
        SpringLiquibase liquibase = new SpringLiquibase();
        liquibase.setDataSource(ownerSource);
        liquibase.setChangeLog("classpath:db-changelog/db.changelog-master.yaml");
        liquibase.setChangeLogParameters(Map.of("app_role", app));
        liquibase.setResourceLoader(new DefaultResourceLoader());
        liquibase.afterPropertiesSet();

        JdbcClient asOwner = JdbcClient.create(ownerSource);
        assertThat(asOwner.sql("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()")
                .query(String.class).single()).isEqualTo(owner);
        assertThat(asOwner.sql("SELECT rolbypassrls FROM pg_roles WHERE rolname = current_user").query(Boolean.class).single()).isTrue();
        UUID tenant = UUID.randomUUID();
        asOwner.sql("INSERT INTO tenants (id, name) VALUES (?, 'Compose tenant')").param(tenant).update();

        var appSource = new SimpleDriverDataSource(new org.postgresql.Driver(), url, app, "app-secret");
        JdbcClient asApp = JdbcClient.create(appSource);
        Map<String, Object> role = asApp.sql("SELECT rolsuper, rolbypassrls, rolinherit FROM pg_roles WHERE rolname = current_user")
                .query().singleRow();
        assertThat(role).containsEntry("rolsuper", false).containsEntry("rolbypassrls", false).containsEntry("rolinherit", false);
        assertThat(asApp.sql("SHOW plan_cache_mode").query(String.class).single()).isEqualTo("force_custom_plan");
        assertThat(asApp.sql("SELECT extversion FROM pg_extension WHERE extname = 'vector'").query(String.class).single())
                .startsWith("0.8");
        assertThat(asApp.sql("SELECT count(*) FROM tenants").query(Long.class).single()).as("no tenant bound").isZero();
        var tx = new TransactionTemplate(new DataSourceTransactionManager(appSource));
        Long bound = tx.execute(s -> {
            asApp.sql("SELECT set_config('app.tenant_id', ?, true)").param(tenant.toString()).query().singleRow();
            return asApp.sql("SELECT count(*) FROM tenants").query(Long.class).single();
        });
        assertThat(bound).isEqualTo(1L);
        assertThatThrownBy(() -> asApp.sql("CREATE TABLE sneaky (id int)").update()).as("the app role creates nothing")
                .rootCause().hasMessageContaining("permission denied for schema public");
    }

    @Test
    void failsClearlyWithoutPasswords() throws Exception {
        try (Connection admin = embedded.postgres().connectAsSuperuser("postgres"); Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE " + database);
        }
        assertThatThrownBy(() -> runScript(Map.of("PARLEY_DB_OWNER_USER", owner, "PARLEY_DB_APP_USER", app)))
                .hasMessageContaining("Set PARLEY_DB_OWNER_PASSWORD");
        try (Connection admin = embedded.postgres().connectAsSuperuser("postgres"); Statement sql = admin.createStatement()) {
            var rs = sql.executeQuery("SELECT count(*) FROM pg_roles WHERE rolname IN ('" + owner + "', '" + app + "')");
            rs.next();
            assertThat(rs.getLong(1)).as("no role created").isZero();
        }
    }

    /** psql as docker-entrypoint.sh runs it: ON_ERROR_STOP, no psqlrc, connected to the new database. */
    private void runScript(Map<String, String> roleEnv) {
        EmbeddedPostgres postgres = embedded.postgres();
        Map<String, String> env = new HashMap<>(postgres.superuserEnvironment());
        env.putAll(roleEnv);
        ProcessRunner.run(List.of(postgres.installation().tool("psql").toString(), "-v", "ON_ERROR_STOP=1", "--no-psqlrc",
                "--no-password", "--dbname", database, "-f", SCRIPT), env, 60);
    }
}
