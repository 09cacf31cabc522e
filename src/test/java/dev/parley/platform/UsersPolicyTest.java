package dev.parley.platform;

import static dev.parley.platform.TenantFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.parley.IntegrationTest;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * users is global: one person may belong to tenants A and B. A sees its members' rows, but must not
 * be able to delete or rewrite a person, since that would reach into B (the delete cascades to B's
 * membership and to B's invitations that person sent).
 */
class UsersPolicyTest extends IntegrationTest {

    @Autowired DataSource dataSource;
    @Autowired DatabaseConfiguration.DatabaseEndpoint endpoint;

    TenantFixtures db;
    TenantRows a;
    TenantRows b;
    UUID shared;

    @BeforeEach
    void personInTwoTenants() throws SQLException {
        db = new TenantFixtures(dataSource, endpoint);
        a = db.createTenant();
        b = db.createTenant();
        shared = UUID.randomUUID();
        db.inTenant(a.tenant(), shared, c -> {
            TenantFixtures.createUser(c, shared);
            return update(c, "INSERT INTO memberships (tenant_id, user_id, role) VALUES (?, ?, 'EDITOR')", a.tenant(), shared);
        });
        db.inTenant(b.tenant(), shared, c ->
                update(c, "INSERT INTO memberships (tenant_id, user_id, role) VALUES (?, ?, 'EDITOR')", b.tenant(), shared));
    }

    @Test
    void tenantSeesItsMembersButNotOtherTenantsPeople() throws SQLException {
        assertThat(db.countAs(a.tenant(), a.user(), "SELECT count(*) FROM users WHERE id = ?", shared)).isOne();
        assertThat(db.countAs(a.tenant(), a.user(), "SELECT count(*) FROM users WHERE id = ?", b.user())).isZero();
    }

    @Test
    void tenantCannotDeleteOrRewriteAPersonWhoAlsoBelongsElsewhere() throws SQLException {
        String before = personRow();
        assertThat(db.updateAs(a.tenant(), a.user(), "DELETE FROM users WHERE id = ?", shared))
                .as("rows deleted from users by tenant A").isZero();
        // An UPDATE may be refused with an error or affect nothing; either way the row must not change.
        assertThatCode(() -> {
            try {
                db.updateAs(a.tenant(), a.user(), "UPDATE users SET display_name = 'Hijacked' WHERE id = ?", shared);
            } catch (SQLException refused) {
                assertThat(refused.getSQLState()).isEqualTo("42501");
            }
        }).doesNotThrowAnyException();

        assertThat(personRow()).isEqualTo(before);
        assertThat(db.countAs(b.tenant(), b.user(), "SELECT count(*) FROM memberships WHERE user_id = ?", shared))
                .as("B's membership").isOne();
    }

    @Test
    void coMembersCannotReadEachOthersPasswordHashes() {
        assertThatCode(() -> db.countAs(a.tenant(), a.user(), "SELECT count(password_hash) FROM users WHERE id = ?", shared))
                .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
    }

    @Test
    void personCanStillUpdateThemself() throws SQLException {
        assertThat(db.updateAs(a.tenant(), shared, "UPDATE users SET last_login_at = now() WHERE id = ?", shared)).isOne();
    }

    private String personRow() throws SQLException {
        return db.inTenant(b.tenant(), shared, c -> TenantFixtures.strings(c,
                "SELECT concat_ws('|', id, email, display_name, created_at, last_login_at) FROM users WHERE id = ?", shared)).getFirst();
    }
}
