package dev.parley.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Every tenant-owned table, in foreign-key order, with what the isolation tests need: how to insert
 * a valid row for a tenant, how to address that row by primary key, and a harmless update.
 * {@code RlsCatalogLintTest} fails when the schema has a tenant table missing here.
 */
enum TenantTable {
    TENANTS("tenants", "id", "id = ?", r -> new Object[] {r.tenant()}, TenantRows::tenant,
            "INSERT INTO tenants (id, name) VALUES (?, ?)",
            (r, id) -> new Object[] {id, "Workspace " + id},
            "name = 'changed by another tenant'"),
    MEMBERSHIPS("memberships", "tenant_id", "tenant_id = ? AND user_id = ?", r -> new Object[] {r.tenant(), r.user()},
            TenantRows::user,
            "INSERT INTO memberships (tenant_id, user_id, role) VALUES (?, ?, 'OWNER')",
            (r, userId) -> new Object[] {r.tenant(), userId},
            "role = 'SUPPORT'"),
    INVITATIONS("invitations", "tenant_id", "tenant_id = ? AND id = ?", r -> new Object[] {r.tenant(), r.invitation()},
            TenantRows::invitation,
            "INSERT INTO invitations (tenant_id, id, email, role, token_hash, invited_by, expires_at)"
                    + " VALUES (?, ?, ?, 'EDITOR', ?, ?, now() + interval '7 days')",
            (r, id) -> new Object[] {r.tenant(), id, "invitee-" + id + "@example.test", "token-" + id, r.user()},
            "revoked_at = now()"),
    BOTS("bots", "tenant_id", "tenant_id = ? AND id = ?", r -> new Object[] {r.tenant(), r.bot()}, TenantRows::bot,
            "INSERT INTO bots (tenant_id, id, name, public_key, color) VALUES (?, ?, 'Fixture bot', ?, '#12ab34')",
            (r, id) -> new Object[] {r.tenant(), id, "pk_" + id.toString().replace("-", "")},
            "name = 'changed by another tenant'"),
    API_KEYS("api_keys", "tenant_id", "tenant_id = ? AND id = ?", r -> new Object[] {r.tenant(), r.apiKey()},
            TenantRows::apiKey,
            "INSERT INTO api_keys (tenant_id, id, name, prefix, secret_hash, scopes, created_by)"
                    + " VALUES (?, ?, 'Fixture key', ?, 'sha256-of-nothing', ARRAY['bots:read'], ?)",
            (r, id) -> new Object[] {r.tenant(), id, "key_" + id, r.user()},
            "revoked_at = now()"),
    KNOWLEDGE_SOURCES("knowledge_sources", "tenant_id", "tenant_id = ? AND id = ?", r -> new Object[] {r.tenant(), r.source()},
            TenantRows::source,
            "INSERT INTO knowledge_sources (tenant_id, id, bot_id, kind, url) VALUES (?, ?, ?, 'PAGE', 'https://example.test/')",
            (r, id) -> new Object[] {r.tenant(), id, r.bot()},
            "url = 'https://changed.example.test/'"),
    DOCUMENTS("documents", "tenant_id", "tenant_id = ? AND id = ?", r -> new Object[] {r.tenant(), r.document()},
            TenantRows::document,
            "INSERT INTO documents (tenant_id, id, bot_id, title, source_type) VALUES (?, ?, ?, 'Fixture doc', 'TEXT')",
            (r, id) -> new Object[] {r.tenant(), id, r.bot()},
            "title = 'changed by another tenant'"),
    CHUNKS("chunks", "tenant_id", "tenant_id = ? AND id = ?", r -> new Object[] {r.tenant(), r.chunk()}, TenantRows::chunk,
            "INSERT INTO chunks (tenant_id, id, document_id, bot_id, ordinal, content, embedding)"
                    + " VALUES (?, ?, ?, ?, 0, 'Fixture chunk', ?::vector)",
            (r, id) -> new Object[] {r.tenant(), id, r.document(), r.bot(), TenantFixtures.EMBEDDING},
            "content = 'changed by another tenant'"),
    CONVERSATIONS("conversations", "tenant_id", "tenant_id = ? AND id = ?",
            r -> new Object[] {r.tenant(), r.conversation()}, TenantRows::conversation,
            "INSERT INTO conversations (tenant_id, id, bot_id, visitor_id) VALUES (?, ?, ?, 'visitor-1')",
            (r, id) -> new Object[] {r.tenant(), id, r.bot()},
            "status = 'RESOLVED'"),
    MESSAGES("messages", "tenant_id", "tenant_id = ? AND id = ?", r -> new Object[] {r.tenant(), r.message()},
            TenantRows::message,
            "INSERT INTO messages (tenant_id, id, conversation_id, role, content) VALUES (?, ?, ?, 'USER', 'Hello')",
            (r, id) -> new Object[] {r.tenant(), id, r.conversation()},
            "content = 'changed by another tenant'"),
    FEEDBACK("feedback", "tenant_id", "tenant_id = ? AND id = ?", r -> new Object[] {r.tenant(), r.feedback()},
            TenantRows::feedback,
            "INSERT INTO feedback (tenant_id, id, message_id, rating) VALUES (?, ?, ?, 1)",
            (r, id) -> new Object[] {r.tenant(), id, r.message()},
            "rating = -1"),
    AUDIT_LOG("audit_log", "tenant_id", "tenant_id = ? AND id = ?", r -> new Object[] {r.tenant(), r.audit()},
            TenantRows::audit,
            "INSERT INTO audit_log (tenant_id, id, actor_user_id, actor_label, action) VALUES (?, ?, ?, 'fixture', 'test.fixture')",
            (r, id) -> new Object[] {r.tenant(), id, r.user()},
            "details = 'changed by another tenant'"),
    // Keyed by (tenant, bot, day): the row's own id picks its day, so fresh ids make fresh rows.
    USAGE_DAILY("usage_daily", "tenant_id", "tenant_id = ? AND bot_id = ? AND day = " + TenantTable.DAY_OF_ID,
            r -> new Object[] {r.tenant(), r.bot(), r.usage().toString()},
            TenantRows::usage,
            "INSERT INTO usage_daily (tenant_id, bot_id, day, messages) VALUES (?, ?, " + TenantTable.DAY_OF_ID + ", 1)",
            (r, id) -> new Object[] {r.tenant(), r.bot(), id.toString()},
            "messages = 99"),
    WIDGET_SIGHTINGS("widget_sightings", "tenant_id", "tenant_id = ? AND id = ?", r -> new Object[] {r.tenant(), r.sighting()},
            TenantRows::sighting,
            "INSERT INTO widget_sightings (tenant_id, id, bot_id, origin, last_allowed_at) VALUES (?, ?, ?, ?, now())",
            (r, id) -> new Object[] {r.tenant(), id, r.bot(), "https://" + id + ".example.test"},
            "last_denied_at = now()"),
    WEBHOOK_ENDPOINTS("webhook_endpoints", "tenant_id", "tenant_id = ? AND id = ?", r -> new Object[] {r.tenant(), r.webhook()},
            TenantRows::webhook,
            "INSERT INTO webhook_endpoints (tenant_id, id, url, events, secret_sealed) VALUES (?, ?, 'https://example.test/hook',"
                    + " ARRAY['conversation.created'], 'sealed')",
            (r, id) -> new Object[] {r.tenant(), id},
            "url = 'https://changed.example.test/'"),
    WEBHOOK_DELIVERIES("webhook_deliveries", "tenant_id", "tenant_id = ? AND id = ?", r -> new Object[] {r.tenant(), r.delivery()},
            TenantRows::delivery,
            "INSERT INTO webhook_deliveries (tenant_id, id, endpoint_id, event_type, payload) VALUES (?, ?, ?, 'webhook.test', '{}')",
            (r, id) -> new Object[] {r.tenant(), id, r.webhook()},
            "payload = '{\"changed\":true}'"),
    WEBHOOK_ATTEMPTS("webhook_attempts", "tenant_id", "tenant_id = ? AND id = ?", r -> new Object[] {r.tenant(), r.attempt()},
            TenantRows::attempt,
            "INSERT INTO webhook_attempts (tenant_id, id, delivery_id, attempt, started_at, duration_ms, outcome)"
                    + " VALUES (?, ?, ?, 1, now(), 5, 'OK')",
            (r, id) -> new Object[] {r.tenant(), id, r.delivery()},
            "detail = 'changed by another tenant'"),
    UNANSWERED_GROUPS("unanswered_groups", "tenant_id", "tenant_id = ? AND id = ?",
            r -> new Object[] {r.tenant(), r.unansweredGroup()}, TenantRows::unansweredGroup,
            "INSERT INTO unanswered_groups (tenant_id, id, bot_id, question) VALUES (?, ?, ?, 'Do you ship to Mars?')",
            (r, id) -> new Object[] {r.tenant(), id, r.bot()},
            "status = 'RESOLVED'"),
    // Keyed by the question's message id.
    UNANSWERED_QUESTIONS("unanswered_questions", "tenant_id", "tenant_id = ? AND id = ?",
            r -> new Object[] {r.tenant(), r.message()}, TenantRows::message,
            "INSERT INTO unanswered_questions (tenant_id, id, group_id, conversation_id, question)"
                    + " VALUES (?, ?, ?, ?, 'Do you ship to Mars?')",
            (r, id) -> new Object[] {r.tenant(), id, r.unansweredGroup(), r.conversation()},
            "question = 'changed by another tenant'"),
    // The dashboard's aggregates (018): keyed like usage_daily, the usage id also standing in for the
    // visitor and question keys, so fresh ids make fresh rows.
    ANALYTICS_DAILY("analytics_daily", "tenant_id", "tenant_id = ? AND bot_id = ? AND day = " + TenantTable.DAY_OF_ID,
            r -> new Object[] {r.tenant(), r.bot(), r.usage().toString()},
            TenantRows::usage,
            "INSERT INTO analytics_daily (tenant_id, bot_id, day, questions) VALUES (?, ?, " + TenantTable.DAY_OF_ID + ", 1)",
            (r, id) -> new Object[] {r.tenant(), r.bot(), id.toString()},
            "questions = 99"),
    ANALYTICS_DAILY_VISITORS("analytics_daily_visitors", "tenant_id",
            "tenant_id = ? AND bot_id = ? AND day = " + TenantTable.DAY_OF_ID + " AND visitor = ?",
            r -> new Object[] {r.tenant(), r.bot(), r.usage().toString(), r.usage()},
            TenantRows::usage,
            "INSERT INTO analytics_daily_visitors (tenant_id, bot_id, day, visitor) VALUES (?, ?, " + TenantTable.DAY_OF_ID + ", ?)",
            (r, id) -> new Object[] {r.tenant(), r.bot(), id.toString(), id},
            "visitor = visitor"),
    ANALYTICS_DAILY_LATENCY("analytics_daily_latency", "tenant_id",
            "tenant_id = ? AND bot_id = ? AND day = " + TenantTable.DAY_OF_ID + " AND first_token_ms = 250",
            r -> new Object[] {r.tenant(), r.bot(), r.usage().toString()},
            TenantRows::usage,
            "INSERT INTO analytics_daily_latency (tenant_id, bot_id, day, first_token_ms, answers) VALUES (?, ?, "
                    + TenantTable.DAY_OF_ID + ", 250, 1)",
            (r, id) -> new Object[] {r.tenant(), r.bot(), id.toString()},
            "answers = 99"),
    ANALYTICS_DAILY_QUESTIONS("analytics_daily_questions", "tenant_id",
            "tenant_id = ? AND bot_id = ? AND day = " + TenantTable.DAY_OF_ID + " AND question_key = ?",
            r -> new Object[] {r.tenant(), r.bot(), r.usage().toString(), r.usage()},
            TenantRows::usage,
            "INSERT INTO analytics_daily_questions (tenant_id, bot_id, day, question_key, question, asked) VALUES (?, ?, "
                    + TenantTable.DAY_OF_ID + ", ?, 'Fixture question', 1)",
            (r, id) -> new Object[] {r.tenant(), r.bot(), id.toString(), id},
            "asked = 99");

    private static final String DAY_OF_ID = "date '2000-01-01' + abs(hashtext(?::text)) % 100000";

    final String table;
    /** The column that says which tenant a row belongs to. */
    final String tenantColumn;
    final String keyWhere;
    private final Function<TenantRows, Object[]> key;
    private final Function<TenantRows, UUID> ownId;
    private final String insertSql;
    private final BiFunction<TenantRows, UUID, Object[]> insertParams;
    final String updateSet;

    TenantTable(String table, String tenantColumn, String keyWhere, Function<TenantRows, Object[]> key,
                Function<TenantRows, UUID> ownId, String insertSql, BiFunction<TenantRows, UUID, Object[]> insertParams,
                String updateSet) {
        this.table = table;
        this.tenantColumn = tenantColumn;
        this.keyWhere = keyWhere;
        this.key = key;
        this.ownId = ownId;
        this.insertSql = insertSql;
        this.insertParams = insertParams;
        this.updateSet = updateSet;
    }

    /** Primary-key values of this table's fixture row of the given tenant, in {@link #keyWhere} order. */
    Object[] key(TenantRows rows) {
        return key.apply(rows);
    }

    /** Inserts the fixture row of {@code rows}' tenant. */
    void insertFixture(Connection c, TenantRows rows) throws SQLException {
        TenantFixtures.update(c, insertSql, insertParams.apply(rows, ownId.apply(rows)));
    }

    /**
     * Tries to insert a new, otherwise valid row into {@code victim}'s tenant, referencing the victim's
     * parent rows; the row's own id is fresh (for memberships: the attacker's user joins the victim).
     */
    void insertInto(Connection c, TenantRows victim, TenantRows attacker) throws SQLException {
        UUID id = this == MEMBERSHIPS ? attacker.user() : UUID.randomUUID();
        TenantFixtures.update(c, insertSql, insertParams.apply(victim, id));
    }
}
