package dev.parley.platform;

import static dev.parley.platform.TenantFixtures.assertRlsRefused;
import static dev.parley.platform.TenantFixtures.assertSqlState;
import static dev.parley.platform.TenantFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.IntegrationTest;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A row of tenant A can never point at tenant B's parent row: foreign keys carry tenant_id, so the
 * database refuses the reference even when the attacker knows B's ids. Each case first runs against
 * A's own parent (must succeed) so the refusal is known to come from the cross-tenant reference.
 */
class CrossTenantReferenceTest extends IntegrationTest {

    private static final String FK_VIOLATION = "23503";

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

    @Test
    void messageCannotJoinAnotherTenantsConversation() throws SQLException {
        String sql = "INSERT INTO messages (tenant_id, id, conversation_id, role, content) VALUES (?, ?, ?, 'USER', 'hi')";
        assertThat(asA(sql, a.tenant(), UUID.randomUUID(), a.conversation())).isOne();
        assertSqlState(FK_VIOLATION, () -> asA(sql, a.tenant(), UUID.randomUUID(), b.conversation()));
    }

    @Test
    void chunkCannotBelongToAnotherTenantsDocumentOrBot() throws SQLException {
        String sql = "INSERT INTO chunks (tenant_id, id, document_id, bot_id, ordinal, content) VALUES (?, ?, ?, ?, ?, 'x')";
        assertThat(asA(sql, a.tenant(), UUID.randomUUID(), a.document(), a.bot(), 1)).isOne();
        assertSqlState(FK_VIOLATION, () -> asA(sql, a.tenant(), UUID.randomUUID(), b.document(), a.bot(), 2));
        assertSqlState(FK_VIOLATION, () -> asA(sql, a.tenant(), UUID.randomUUID(), a.document(), b.bot(), 3));
    }

    @Test
    void documentAndConversationCannotHangOffAnotherTenantsBot() throws SQLException {
        String document = "INSERT INTO documents (tenant_id, id, bot_id, title, source_type) VALUES (?, ?, ?, 't', 'TEXT')";
        String conversation = "INSERT INTO conversations (tenant_id, id, bot_id, visitor_id) VALUES (?, ?, ?, 'v')";
        assertThat(asA(document, a.tenant(), UUID.randomUUID(), a.bot())).isOne();
        assertThat(asA(conversation, a.tenant(), UUID.randomUUID(), a.bot())).isOne();
        assertSqlState(FK_VIOLATION, () -> asA(document, a.tenant(), UUID.randomUUID(), b.bot()));
        assertSqlState(FK_VIOLATION, () -> asA(conversation, a.tenant(), UUID.randomUUID(), b.bot()));
    }

    @Test
    void feedbackCannotRateAnotherTenantsMessage() throws SQLException {
        String message = "INSERT INTO messages (tenant_id, id, conversation_id, role, content) VALUES (?, ?, ?, 'ASSISTANT', 'x')";
        UUID ownMessage = UUID.randomUUID();
        asA(message, a.tenant(), ownMessage, a.conversation());
        String sql = "INSERT INTO feedback (tenant_id, id, message_id, rating) VALUES (?, ?, ?, 1)";
        assertThat(asA(sql, a.tenant(), UUID.randomUUID(), ownMessage)).isOne();
        assertSqlState(FK_VIOLATION, () -> asA(sql, a.tenant(), UUID.randomUUID(), b.message()));
    }

    @Test
    void invitationCannotNameAMemberOfAnotherTenantAsInviter() throws SQLException {
        String sql = "INSERT INTO invitations (tenant_id, id, email, role, token_hash, invited_by, expires_at)"
                + " VALUES (?, ?, 'x@example.test', 'EDITOR', ?, ?, now() + interval '1 day')";
        assertThat(asA(sql, a.tenant(), UUID.randomUUID(), "t-" + UUID.randomUUID(), a.user())).isOne();
        assertSqlState(FK_VIOLATION, () -> asA(sql, a.tenant(), UUID.randomUUID(), "t-" + UUID.randomUUID(), b.user()));
    }

    @Test
    void membershipInAnotherTenantIsRefusedByRowLevelSecurity() {
        // A's owner adding themself to B: refused before any key is checked.
        assertRlsRefused(() -> asA("INSERT INTO memberships (tenant_id, user_id, role) VALUES (?, ?, 'OWNER')",
                b.tenant(), a.user()));
    }

    private int asA(String sql, Object... params) throws SQLException {
        return db.inTenant(a.tenant(), a.user(), c -> update(c, sql, params));
    }
}
