package dev.parley.chat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Messages under row-level security. Every method joins the caller's transaction. */
@Component
class MessageStore {

    /** A stored question; {@code resent} when its idempotency key was seen before. */
    record StoredQuestion(UUID id, String content, boolean resent) {}

    record Answer(UUID replyTo, String content, AnswerMode mode, List<SourceRef> sources, String model,
                  int promptTokens, int completionTokens, long firstTokenMs, long totalMs, boolean complete) {}

    private static final String COLUMNS = """
            m.id, m.role, m.content, m.created_at, m.reply_to, m.mode, m.sources, m.model, m.prompt_tokens,
            m.completion_tokens, m.first_token_ms, m.total_ms, m.complete, f.rating""";

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    MessageStore(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    StoredQuestion storeQuestion(UUID conversationId, String content, String idempotencyKey) {
        UUID id = UUID.randomUUID();
        List<UUID> inserted = jdbc.queryForList("""
                WITH c AS (UPDATE conversations SET last_message_at = now() WHERE id = ? RETURNING tenant_id, id)
                INSERT INTO messages (tenant_id, id, conversation_id, role, content, idempotency_key)
                SELECT c.tenant_id, ?, c.id, 'USER', ?, ? FROM c
                ON CONFLICT (tenant_id, conversation_id, idempotency_key) DO NOTHING
                RETURNING id""", UUID.class, conversationId, id, content, idempotencyKey);
        if (!inserted.isEmpty()) return new StoredQuestion(id, content, false);
        return jdbc.query("SELECT id, content FROM messages WHERE conversation_id = ? AND idempotency_key = ? AND role = 'USER'",
                (rs, n) -> new StoredQuestion(rs.getObject(1, UUID.class), rs.getString(2), true),
                conversationId, idempotencyKey).getFirst();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    Optional<ChatMessage> replyTo(UUID questionId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM messages m LEFT JOIN feedback f ON f.tenant_id = m.tenant_id "
                + "AND f.message_id = m.id WHERE m.reply_to = ?", mapper(), questionId).stream().findFirst();
    }

    /** Removes a broken answer so that the resent question gets a whole one. */
    @Transactional(propagation = Propagation.MANDATORY)
    void dropIncompleteReply(UUID questionId) {
        jdbc.update("DELETE FROM messages WHERE reply_to = ? AND NOT complete", questionId);
    }

    /** Stores the answer; when another node stored one first (a racing resend), returns that one's id. */
    @Transactional(propagation = Propagation.MANDATORY)
    UUID storeAnswer(UUID conversationId, Answer answer) {
        List<UUID> inserted = jdbc.queryForList("""
                WITH c AS (UPDATE conversations SET last_message_at = now() WHERE id = ? RETURNING tenant_id, id)
                INSERT INTO messages (tenant_id, id, conversation_id, role, content, mode, sources, model, prompt_tokens,
                                      completion_tokens, first_token_ms, total_ms, complete, reply_to)
                SELECT c.tenant_id, ?, c.id, 'ASSISTANT', ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ? FROM c
                ON CONFLICT (tenant_id, reply_to) WHERE reply_to IS NOT NULL DO NOTHING
                RETURNING id""", UUID.class, conversationId, UUID.randomUUID(), answer.content(), answer.mode().name(),
                json.writeValueAsString(answer.sources()), answer.model(), answer.promptTokens(), answer.completionTokens(),
                (int) answer.firstTokenMs(), (int) answer.totalMs(), answer.complete(), answer.replyTo());
        return inserted.isEmpty() ? replyTo(answer.replyTo()).orElseThrow().id() : inserted.getFirst();
    }

    /** Messages before {@code before} (or all), oldest first, at most {@code limit} of the latest. */
    @Transactional(propagation = Propagation.MANDATORY)
    List<ChatMessage> history(UUID conversationId, UUID before, int limit) {
        List<ChatMessage> latest = jdbc.query("SELECT " + COLUMNS + """
                 FROM messages m LEFT JOIN feedback f ON f.tenant_id = m.tenant_id AND f.message_id = m.id
                WHERE m.conversation_id = ?
                  AND (?::uuid IS NULL OR m.created_at < (SELECT created_at FROM messages WHERE id = ?))
                ORDER BY m.created_at DESC, m.role ASC LIMIT ?""", mapper(), conversationId, before, before, limit);
        return latest.reversed();
    }

    private RowMapper<ChatMessage> mapper() {
        return (rs, n) -> new ChatMessage(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                rs.getTimestamp(4).toInstant(), rs.getObject(5, UUID.class), mode(rs.getString(6)), sources(rs.getString(7)),
                rs.getString(8), integer(rs, 9), integer(rs, 10), integer(rs, 11), integer(rs, 12), rs.getBoolean(13),
                integer(rs, 14));
    }

    private List<SourceRef> sources(String stored) {
        return stored == null ? List.of() : json.readValue(stored, new TypeReference<List<SourceRef>>() {});
    }

    private static AnswerMode mode(String stored) {
        return stored == null ? null : AnswerMode.valueOf(stored);
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}
