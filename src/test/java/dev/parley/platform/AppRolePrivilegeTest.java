package dev.parley.platform;

import static dev.parley.platform.TenantFixtures.assertSqlState;
import static dev.parley.platform.TenantFixtures.count;
import static dev.parley.platform.TenantFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.IntegrationTest;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Security anchor A.9: even with A bound, the app role cannot step around row-level security:
 * no DDL, no TRUNCATE, no COPY FROM, no row_security = off; COPY TO sees only A's rows.
 */
class AppRolePrivilegeTest extends IntegrationTest {

    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    @Autowired DataSource dataSource;
    @Autowired DatabaseConfiguration.DatabaseEndpoint endpoint;

    TenantFixtures db;
    TenantRows a;
    TenantRows b;

    @BeforeEach
    void twoTenants() throws SQLException {
        db = new TenantFixtures(dataSource, endpoint);
        a = db.createTenant();
        b = db.createTenant();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "TRUNCATE bots",
            "TRUNCATE audit_log CASCADE",
            "ALTER TABLE bots NO FORCE ROW LEVEL SECURITY",
            "ALTER TABLE messages DISABLE ROW LEVEL SECURITY",
            "ALTER TABLE chunks ADD COLUMN leak text",
            "DROP POLICY tenant_isolation ON bots",
            "ALTER POLICY tenant_isolation ON bots USING (true)",
            "CREATE POLICY open_door ON bots USING (true)",
            "CREATE FUNCTION public.parley_steal() RETURNS int LANGUAGE sql AS 'SELECT 1'",
            "CREATE TABLE public.stash (x text)",
            "CREATE TEMP TABLE stash (x text)",
            "SET ROLE parley_owner"})
    void cannotChangeTheRulesItIsHeldTo(String statement) {
        assertSqlState(INSUFFICIENT_PRIVILEGE, () -> db.inTenant(a.tenant(), a.user(), c -> update(c, statement)));
    }

    @Test
    void rowSecurityOffIsAnErrorNotAllRows() {
        assertThatThrownBy(() -> db.inTenant(a.tenant(), a.user(), c -> {
            update(c, "SET LOCAL row_security = off");
            return count(c, "SELECT count(*) FROM bots");
        })).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getSQLState()).isEqualTo(INSUFFICIENT_PRIVILEGE);
            assertThat(e.getMessage()).contains("row-level security");
        });
    }

    @Test
    void copyFromIsRefusedEvenForOwnRows() throws SQLException {
        String row = a.tenant() + "," + UUID.randomUUID() + ",Copied bot,pk_" + UUID.randomUUID().toString().replace("-", "") + "\n";
        assertThatThrownBy(() -> db.inTenant(a.tenant(), a.user(), c ->
                copyIn(c, "COPY bots (tenant_id, id, name, public_key) FROM STDIN (FORMAT csv)", row)))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getMessage()).contains("row-level security"));
        assertThat(db.countAs(a.tenant(), a.user(), "SELECT count(*) FROM bots")).as("A still has only its fixture bot").isOne();
    }

    @Test
    void copyToReturnsOnlyTheBoundTenantsRows() throws SQLException {
        for (String copy : new String[] {"COPY (SELECT tenant_id FROM chunks) TO STDOUT", "COPY chunks (tenant_id) TO STDOUT"}) {
            String out = db.inTenant(a.tenant(), a.user(), c -> copyOut(c, copy));
            assertThat(out.lines().toList()).as(copy).isNotEmpty().containsOnly(a.tenant().toString());
        }
    }

    private static long copyIn(Connection c, String sql, String data) throws SQLException {
        try {
            return c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new StringReader(data));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String copyOut(Connection c, String sql) throws SQLException {
        try {
            StringWriter out = new StringWriter();
            c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql, out);
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
