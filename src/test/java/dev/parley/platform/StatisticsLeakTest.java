package dev.parley.platform;

import static dev.parley.platform.TenantFixtures.assertSqlState;
import static dev.parley.platform.TenantFixtures.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.IntegrationTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Security anchor A.10: planner statistics (most common values, histograms) are samples of every
 * tenant's data, so the app role must not see them for tables under row-level security.
 */
class StatisticsLeakTest extends IntegrationTest {

    private static final String RLS_STATS = """
            SELECT count(*) FROM pg_stats s JOIN pg_namespace n ON n.nspname = s.schemaname
            JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = s.tablename
            WHERE n.nspname = 'public' AND c.relrowsecurity""";

    @Autowired DataSource dataSource;
    @Autowired DatabaseConfiguration.DatabaseEndpoint endpoint;

    @Test
    void appRoleSeesNoStatisticsOfRowLevelSecurityTables() throws SQLException {
        TenantFixtures db = new TenantFixtures(dataSource, endpoint);
        db.createTenant();
        db.createTenant();
        try (Connection owner = db.openOwnerSession(); Statement sql = owner.createStatement()) {
            for (TenantTable t : TenantTable.values()) sql.execute("ANALYZE " + t.table);
            sql.execute("ANALYZE users");
            assertThat(count(owner, RLS_STATS)).as("statistics exist (seen by the owner)").isPositive();
        }
        try (Connection app = db.openAppSession()) {
            assertThat(count(app, RLS_STATS)).isZero();
            assertSqlState("42501", () -> count(app, "SELECT count(*) FROM pg_statistic"));
        }
    }
}
