package dev.parley.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.IntegrationTest;
import dev.parley.shared.TenantContext;
import dev.parley.shared.TenantId;
import dev.parley.shared.UserId;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The application's own transaction manager binds the scoped tenant for the transaction, and only for it. */
class TenantBindingTransactionManagerTest extends IntegrationTest {

    @Autowired PlatformTransactionManager transactionManager;
    @Autowired DataSource dataSource;
    @Autowired DatabaseConfiguration.DatabaseEndpoint endpoint;
    @Autowired JdbcClient jdbc;

    TenantRows a;
    TenantRows b;

    @BeforeEach
    void twoTenants() throws SQLException {
        TenantFixtures db = new TenantFixtures(dataSource, endpoint);
        a = db.createTenant();
        b = db.createTenant();
    }

    @Test
    void bindsTheScopedTenantInsideTheTransactionOnly() {
        assertThat(transactionManager).isInstanceOf(TenantBindingTransactionManager.class);
        TransactionTemplate tx = new TransactionTemplate(transactionManager);

        TenantContext.runAs(new TenantId(a.tenant()), new UserId(a.user()), () -> tx.executeWithoutResult(s -> {
            assertThat(setting("app.tenant_id")).isEqualTo(a.tenant().toString());
            assertThat(setting("app.user_id")).isEqualTo(a.user().toString());
            assertThat(jdbc.sql("SELECT count(*) FROM bots WHERE id = ?").param(a.bot()).query(Long.class).single()).isOne();
            assertThat(jdbc.sql("SELECT count(*) FROM bots WHERE id = ?").param(b.bot()).query(Long.class).single()).isZero();
        }));

        // After the transaction (and outside any scope) a plain query binds nothing and sees no tenant rows.
        assertThat(setting("app.tenant_id")).isNullOrEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM bots WHERE id IN (?, ?)").params(a.bot(), b.bot())
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM tenants").query(Long.class).single()).isZero();
    }

    private String setting(String name) {
        return jdbc.sql("SELECT current_setting(?, true)").param(name).query(String.class).list().getFirst();
    }
}
