package dev.parley.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.IntegrationTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGStatement;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Security anchor A.5 (CVE-2023-2455, CVE-2024-10976): one server-side prepared statement, run many
 * times for A and then for B on the same connection, returns only B's rows. Run under every plan
 * cache mode: the app role defaults to custom plans, but a cached generic plan must be safe too.
 */
class PlanCacheTest extends IntegrationTest {

    @Autowired DataSource dataSource;
    @Autowired DatabaseConfiguration.DatabaseEndpoint endpoint;

    @ParameterizedTest
    @ValueSource(strings = {"auto", "force_generic_plan", "force_custom_plan"})
    void cachedPlanNeverReturnsThePreviousTenantsRows(String planCacheMode) throws SQLException {
        TenantFixtures db = new TenantFixtures(dataSource, endpoint);
        TenantRows a = db.createTenant();
        TenantRows b = db.createTenant();

        try (Connection c = db.openAppSession(); Statement session = c.createStatement()) {
            session.execute("SET plan_cache_mode = " + planCacheMode);
            c.setAutoCommit(false);
            // pgjdbc's default prepareThreshold (5) switches this to a named server-side statement.
            try (PreparedStatement ps = c.prepareStatement("SELECT tenant_id::text, id::text FROM bots WHERE enabled = ?")) {
                for (int i = 0; i < 12; i++) {
                    assertThat(run(c, ps, a)).as("run %d as A", i).containsExactly(a.tenant() + "/" + a.bot());
                }
                assertThat(ps.unwrap(PGStatement.class).isUseServerPrepare()).isTrue();
                for (int i = 0; i < 3; i++) {
                    assertThat(run(c, ps, b)).as("run %d as B", i).containsExactly(b.tenant() + "/" + b.bot());
                }
            }
            try (ResultSet rs = session.executeQuery("""
                    SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%FROM bots WHERE enabled%'""")) {
                assertThat(rs.next()).as("the statement was prepared on the server").isTrue();
                assertThat(rs.getLong(1) + rs.getLong(2)).isGreaterThanOrEqualTo(10);
                if (planCacheMode.equals("force_generic_plan")) assertThat(rs.getLong(1)).isGreaterThanOrEqualTo(10);
            }
        }
    }

    /** One transaction bound to {@code rows}' tenant; returns "tenant/bot" for every row seen. */
    private static List<String> run(Connection c, PreparedStatement ps, TenantRows rows) throws SQLException {
        TenantFixtures.bind(c, rows.tenant(), rows.user());
        ps.setBoolean(1, true);
        List<String> seen = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) seen.add(rs.getString(1) + "/" + rs.getString(2));
        }
        c.commit();
        return seen;
    }
}
