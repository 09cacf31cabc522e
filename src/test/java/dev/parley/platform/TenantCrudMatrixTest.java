package dev.parley.platform;

import static dev.parley.platform.TenantFixtures.assertRlsRefused;
import static dev.parley.platform.TenantFixtures.count;
import static dev.parley.platform.TenantFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.IntegrationTest;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Security anchors A.2/A.3: for every tenant table, tenant A can neither see, change, delete nor
 * create tenant B's rows, nor move its own rows to B; with no tenant bound nothing is visible or writable.
 */
class TenantCrudMatrixTest extends IntegrationTest {

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
    @EnumSource(TenantTable.class)
    void anotherTenantsRowIsInvisibleAndUntouchable(TenantTable t) throws SQLException {
        String before = db.snapshot(t, b);
        assertThat(before).as("B reads its own row by primary key").isNotNull();
        // Control: the same UPDATE works on A's own row, so 0 rows below is RLS, not a broken statement.
        assertThat(db.updateAs(a.tenant(), a.user(), updateByKey(t), t.key(a))).isOne();

        db.inTenant(a.tenant(), a.user(), c -> {
            assertThat(count(c, "SELECT count(*) FROM " + t.table + " WHERE " + t.keyWhere, t.key(b))).isZero();
            assertThat(update(c, updateByKey(t), t.key(b))).isZero();
            assertThat(update(c, "DELETE FROM " + t.table + " WHERE " + t.keyWhere, t.key(b))).isZero();
            return null;
        });
        assertRlsRefused(() -> db.inTenant(a.tenant(), a.user(), c -> {
            t.insertInto(c, b, a);
            return null;
        }));
        assertRlsRefused(() -> db.inTenant(a.tenant(), a.user(), c ->
                update(c, "UPDATE " + t.table + " SET " + t.tenantColumn + " = ? WHERE " + t.keyWhere,
                        prepend(b.tenant(), t.key(a)))));

        assertThat(db.snapshot(t, b)).as("B's row after A's attempts").isEqualTo(before);
        assertThat(db.snapshot(t, a)).as("A's row stays A's").isNotNull();
    }

    @ParameterizedTest
    @EnumSource(TenantTable.class)
    void noTenantBoundSeesNothingAndWritesNothing(TenantTable t) throws SQLException {
        // A fresh session, where app.tenant_id has never been defined (current_setting -> NULL).
        try (Connection c = db.openAppSession()) {
            assertThat(count(c, "SELECT count(*) FROM " + t.table)).isZero();
            assertRlsRefused(() -> t.insertInto(c, b, a));
        }
        // A pooled connection with the empty binding the product uses when no tenant is known.
        assertThat(db.countAs(null, null, "SELECT count(*) FROM " + t.table)).isZero();
        assertRlsRefused(() -> db.inTenant(null, null, c -> {
            t.insertInto(c, b, a);
            return null;
        }));
        assertThat(db.snapshot(t, b)).as("B's fixture row exists, so the zero counts above are RLS").isNotNull();
    }

    private static String updateByKey(TenantTable t) {
        return "UPDATE " + t.table + " SET " + t.updateSet + " WHERE " + t.keyWhere;
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
