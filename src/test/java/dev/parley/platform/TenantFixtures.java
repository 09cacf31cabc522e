package dev.parley.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Plain-JDBC access as the restricted app role, with a tenant bound exactly as the product binds
 * it (transaction-local {@code set_config}), and fixtures that put one row in every tenant table.
 */
final class TenantFixtures {

    /** The statement {@link TenantBindingTransactionManager} runs at the start of every transaction. */
    static final String BIND = "SELECT set_config('app.tenant_id', ?, true), set_config('app.user_id', ?, true)";

    /** A 384-dimension pgvector literal for chunks.embedding. */
    static final String EMBEDDING = "[" + String.join(",", Collections.nCopies(384, "0.05")) + "]";

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource app;
    private final DatabaseConfiguration.DatabaseEndpoint endpoint;

    TenantFixtures(DataSource app, DatabaseConfiguration.DatabaseEndpoint endpoint) {
        this.app = app;
        this.endpoint = endpoint;
    }

    /** A new tenant with its owner and one row in every tenant table, committed. */
    TenantRows createTenant() throws SQLException {
        TenantRows rows = TenantRows.random();
        inTenant(rows.tenant(), rows.user(), c -> {
            TenantTable.TENANTS.insertFixture(c, rows);
            createUser(c, rows.user());
            for (TenantTable table : TenantTable.values()) {
                if (table != TenantTable.TENANTS) table.insertFixture(c, rows);
            }
            return null;
        });
        return rows;
    }

    /** A users row; RLS admits it only while app.user_id is that user. */
    static void createUser(Connection c, UUID user) throws SQLException {
        update(c, "INSERT INTO users (id, email, display_name, password_hash) VALUES (?, ?, 'Fixture person', 'x')",
                user, "person-" + user + "@example.test");
    }

    /**
     * Runs {@code work} in one transaction on a pooled app-role connection with the tenant and user bound
     * (null binds nothing, as the product does); commits on success, rolls back on any exception.
     */
    <T> T inTenant(UUID tenant, UUID user, SqlWork<T> work) throws SQLException {
        try (Connection c = app.getConnection()) {
            c.setAutoCommit(false);
            try {
                bind(c, tenant, user);
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                // Hikari closes a connection after some errors (e.g. SQLSTATE 0A000): keep the real one.
                try {
                    c.rollback();
                } catch (SQLException rollbackFailed) {
                    e.addSuppressed(rollbackFailed);
                }
                throw e;
            } finally {
                if (!c.isClosed()) c.setAutoCommit(true);
            }
        }
    }

    /** One statement in its own transaction with the tenant bound; returns the rows affected. */
    int updateAs(UUID tenant, UUID user, String sql, Object... params) throws SQLException {
        return inTenant(tenant, user, c -> update(c, sql, params));
    }

    /** One {@code SELECT count(*)} in its own transaction with the tenant bound. */
    long countAs(UUID tenant, UUID user, String sql, Object... params) throws SQLException {
        return inTenant(tenant, user, c -> count(c, sql, params));
    }

    static void bind(Connection c, UUID tenant, UUID user) throws SQLException {
        try (PreparedStatement bind = c.prepareStatement(BIND)) {
            bind.setString(1, tenant == null ? "" : tenant.toString());
            bind.setString(2, user == null ? "" : user.toString());
            bind.execute();
        }
    }

    /** A brand-new session as the app role (not pooled): no setting has ever been defined in it. */
    Connection openAppSession() throws SQLException {
        return DriverManager.getConnection(endpoint.url(), endpoint.appUser(), endpoint.appPassword());
    }

    /** A session as the schema owner, for catalog checks the app role cannot make. Not subject to RLS. */
    Connection openOwnerSession() throws SQLException {
        return DriverManager.getConnection(endpoint.url(), endpoint.ownerUser(), endpoint.ownerPassword());
    }

    /** The row as JSON, read with its own tenant bound; null when that tenant cannot see it. */
    String snapshot(TenantTable table, TenantRows owner) throws SQLException {
        return inTenant(owner.tenant(), owner.user(), c -> {
            List<String> rows = strings(c, "SELECT row_to_json(t)::text FROM " + table.table + " t WHERE " + table.keyWhere,
                    table.key(owner));
            assertThat(rows).hasSizeLessThanOrEqualTo(1);
            return rows.isEmpty() ? null : rows.getFirst();
        });
    }

    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, params)) {
            return s.executeUpdate();
        }
    }

    static long count(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, params); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static List<String> strings(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, params); ResultSet rs = s.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (rs.next()) values.add(rs.getString(1));
            return values;
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) s.setObject(i + 1, params[i]);
        return s;
    }

    /** The call fails in PostgreSQL with this SQLSTATE (42501: insufficient privilege / RLS, 23503: FK). */
    static void assertSqlState(String sqlState, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(sqlState));
    }

    /** The call fails because a new or changed row does not pass the table's WITH CHECK. */
    static void assertRlsRefused(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("42501");
            assertThat(e.getMessage()).contains("violates row-level security policy");
        });
    }
}
