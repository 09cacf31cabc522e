package dev.parley.platform;

import static dev.parley.platform.TenantFixtures.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.parley.IntegrationTest;
import dev.parley.shared.TenantContext;
import dev.parley.shared.TenantId;
import dev.parley.shared.UserId;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Security anchor A.4: with a pool of ONE connection, a request for A, a request for A that fails
 * mid-transaction, then a request for B: B sees only its rows and the binding never outlives a transaction.
 */
class PoolLeakTest extends IntegrationTest {

    @Autowired DataSource dataSource;
    @Autowired DatabaseConfiguration.DatabaseEndpoint endpoint;

    TenantFixtures db;
    TenantRows a;
    TenantRows b;
    HikariDataSource singleConnection;

    @BeforeEach
    void setUp() throws SQLException {
        db = new TenantFixtures(dataSource, endpoint);
        a = db.createTenant();
        b = db.createTenant();
        singleConnection = new HikariDataSource();
        singleConnection.setPoolName("pool-leak-test");
        singleConnection.setJdbcUrl(endpoint.url());
        singleConnection.setUsername(endpoint.appUser());
        singleConnection.setPassword(endpoint.appPassword());
        singleConnection.setMaximumPoolSize(1);
        singleConnection.setConnectionTimeout(10_000); // a leaked connection fails fast instead of hanging
    }

    @AfterEach
    void closePool() {
        singleConnection.close();
    }

    @Test
    void bindingStatementDoesNotLeakAcrossRequestsOnOneConnection() throws SQLException {
        int pid;
        try (Connection c = singleConnection.getConnection()) {
            c.setAutoCommit(false);
            TenantFixtures.bind(c, a.tenant(), a.user());
            assertThat(strings(c, "SELECT DISTINCT tenant_id::text FROM bots")).containsExactly(a.tenant().toString());
            c.commit();
            pid = backendPid(c);
        }
        try (Connection c = singleConnection.getConnection()) {
            c.setAutoCommit(false);
            TenantFixtures.bind(c, a.tenant(), a.user());
            assertThatThrownBy(() -> strings(c, "SELECT (1 / 0)::text FROM bots")).isInstanceOf(SQLException.class);
            c.rollback(); // what the transaction manager does on an exception
        }
        try (Connection c = singleConnection.getConnection()) {
            assertThat(backendPid(c)).as("same physical connection").isEqualTo(pid);
            c.setAutoCommit(false);
            TenantFixtures.bind(c, b.tenant(), b.user());
            assertThat(strings(c, "SELECT DISTINCT tenant_id::text FROM bots")).containsExactly(b.tenant().toString());
            c.commit();
            assertThat(strings(c, "SELECT current_setting('app.tenant_id', true)").getFirst()).isNullOrEmpty();
            assertThat(strings(c, "SELECT id::text FROM bots")).isEmpty();
        }
    }

    @Test
    void realTransactionManagerDoesNotLeakAcrossRequestsOnOneConnection() {
        // The product's manager over a second, entity-less EntityManagerFactory on the one-connection pool.
        LocalContainerEntityManagerFactoryBean factory = new LocalContainerEntityManagerFactoryBean();
        factory.setDataSource(singleConnection);
        factory.setPackagesToScan("dev.parley.platform.none");
        factory.setPersistenceUnitName("pool-leak-test");
        factory.setJpaVendorAdapter(new HibernateJpaVendorAdapter());
        factory.afterPropertiesSet();
        try {
            EntityManagerFactory emf = factory.getObject();
            TransactionTemplate tx = new TransactionTemplate(new TenantBindingTransactionManager(emf, new TenantResolver()));
            JdbcClient jdbc = JdbcClient.create(singleConnection);

            int pid = as(a, () -> tx.execute(s -> {
                assertThat(tenantsOfBots(jdbc)).containsExactly(a.tenant().toString());
                return backendPid(jdbc);
            }));
            UUID doomed = UUID.randomUUID();
            assertThatThrownBy(() -> as(a, () -> tx.execute(s -> {
                jdbc.sql("INSERT INTO audit_log (tenant_id, id, actor_label, action) VALUES (?, ?, 'test', 'doomed')")
                        .params(a.tenant(), doomed).update();
                throw new IllegalStateException("request fails mid-transaction");
            }))).hasMessage("request fails mid-transaction");
            as(b, () -> tx.execute(s -> {
                assertThat(backendPid(jdbc)).as("same physical connection").isEqualTo(pid);
                assertThat(tenantsOfBots(jdbc)).containsExactly(b.tenant().toString());
                return null;
            }));

            // After commit, outside any transaction, on that same connection: nothing bound, nothing visible.
            assertThat(backendPid(jdbc)).isEqualTo(pid);
            assertThat(jdbc.sql("SELECT current_setting('app.tenant_id', true)").query(String.class).list().getFirst())
                    .isNullOrEmpty();
            assertThat(jdbc.sql("SELECT count(*) FROM bots").query(Long.class).single()).isZero();
            // A transaction with no tenant scope binds nothing either.
            Long unscoped = tx.execute(s -> jdbc.sql("SELECT count(*) FROM bots").query(Long.class).single());
            assertThat(unscoped).isZero();
            // The failed request's write was rolled back.
            Long doomedRows = as(a, () -> tx.execute(s -> jdbc.sql("SELECT count(*) FROM audit_log WHERE id = ?")
                    .param(doomed).query(Long.class).single()));
            assertThat(doomedRows).isZero();
        } finally {
            factory.destroy();
        }
    }

    private static <T> T as(TenantRows rows, java.util.function.Supplier<T> work) {
        return TenantContext.callAs(new TenantId(rows.tenant()), new UserId(rows.user()), work);
    }

    private static List<String> tenantsOfBots(JdbcClient jdbc) {
        return jdbc.sql("SELECT DISTINCT tenant_id::text FROM bots").query(String.class).list();
    }

    private static int backendPid(JdbcClient jdbc) {
        return jdbc.sql("SELECT pg_backend_pid()").query(Integer.class).single();
    }

    private static int backendPid(Connection c) throws SQLException {
        return Integer.parseInt(strings(c, "SELECT pg_backend_pid()::text").getFirst());
    }
}
