package dev.parley.chat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The console's view of conversations, under row-level security: filtered pages newest activity
 * first (offset paging over an index-ordered scan, DD-040), a capped count, whole transcripts, and
 * resolving or reopening a conversation. Support staff, admins and owners only.
 */
@Service
public class ConversationSearch {

    /** The longest transcript shown; longer conversations show their latest messages. */
    static final int TRANSCRIPT_LIMIT = 2000;

    private static final String SUMMARY = """
            SELECT c.id, c.bot_id, b.name, c.visitor_id, c.visitor_name, c.visitor_email, c.status, c.started_at, c.last_message_at,
                   s.messages, q.first_question, s.unanswered, s.up, s.down
              FROM page c
              JOIN bots b ON b.tenant_id = c.tenant_id AND b.id = c.bot_id
              CROSS JOIN LATERAL (
                    SELECT count(*) AS messages, count(*) FILTER (WHERE m.mode = 'UNANSWERED') AS unanswered,
                           count(f.rating) FILTER (WHERE f.rating = 1) AS up, count(f.rating) FILTER (WHERE f.rating = -1) AS down
                      FROM messages m LEFT JOIN feedback f ON f.tenant_id = m.tenant_id AND f.message_id = m.id
                     WHERE m.tenant_id = c.tenant_id AND m.conversation_id = c.id) s
              LEFT JOIN LATERAL (
                    SELECT left(m.content, 300) AS first_question FROM messages m
                     WHERE m.tenant_id = c.tenant_id AND m.conversation_id = c.id AND m.role = 'USER'
                     ORDER BY m.created_at LIMIT 1) q ON true
             ORDER BY c.last_message_at DESC, c.id DESC""";

    private final JdbcTemplate jdbc;
    private final MessageStore messages;
    private final ConversationReaders readers;
    private final ApplicationEventPublisher events;
    private final ConversationTextMatches textMatches;

    ConversationSearch(JdbcTemplate jdbc, MessageStore messages, ConversationReaders readers, ApplicationEventPublisher events,
            ConversationTextMatches textMatches) {
        this.jdbc = jdbc;
        this.textMatches = textMatches;
        this.messages = messages;
        this.readers = readers;
        this.events = events;
    }

    /** One page of the filtered conversations, latest activity first. */
    @Transactional(readOnly = true)
    public List<ConversationSummary> page(ConversationFilter filter, int offset, int limit) {
        readers.require();
        if (offset < 0 || limit < 1 || limit > 500) throw new IllegalArgumentException("A page has 1 to 500 rows.");
        ConversationQuery q = ConversationQuery.of(filter, textMatches);
        return jdbc.query("WITH page AS (SELECT c.* FROM conversations c WHERE " + q.where
                + " ORDER BY c.last_message_at DESC, c.id DESC OFFSET ? LIMIT ?) " + SUMMARY, summary(), q.paramsWith(offset, limit));
    }

    /** How many conversations match, counting no further than {@code cap} so that it stays fast. */
    @Transactional(readOnly = true)
    public long countUpTo(ConversationFilter filter, int cap) {
        readers.require();
        ConversationQuery q = ConversationQuery.of(filter, textMatches);
        return jdbc.queryForObject("SELECT count(*) FROM (SELECT 1 FROM conversations c WHERE " + q.where + " LIMIT ?) x",
                Long.class, q.paramsWith(cap));
    }

    /** Empty when there is no such conversation in this workspace. */
    @Transactional(readOnly = true)
    public Optional<Transcript> transcript(UUID conversationId) {
        readers.require();
        Optional<ConversationSummary> summary = summaryOf(conversationId);
        return summary.map(s -> new Transcript(s, messages.history(conversationId, null, TRANSCRIPT_LIMIT)));
    }

    /**
     * Marks a conversation resolved (or reopens it) and tells listeners (webhooks) once per change;
     * setting the state it already has changes nothing and tells no one.
     */
    @Transactional
    public ConversationSummary setResolved(UUID conversationId, boolean resolved) {
        readers.require();
        List<UUID> changed = jdbc.queryForList("UPDATE conversations SET status = ? WHERE id = ? AND status <> ? RETURNING bot_id",
                UUID.class, resolved ? "RESOLVED" : "OPEN", conversationId, resolved ? "RESOLVED" : "OPEN");
        ConversationSummary summary = summaryOf(conversationId).orElseThrow(ConversationService::notFound);
        if (!changed.isEmpty()) {
            events.publishEvent(new ConversationResolved(readers.tenant(), changed.getFirst(), conversationId, resolved, readers.user()));
        }
        return summary;
    }

    /**
     * A visitor's question by its message id, for trusted background work in the tenant's scope
     * (the unanswered-question queue); empty when there is no such question.
     */
    @Transactional(readOnly = true)
    public Optional<AskedQuestion> askedQuestion(UUID questionId) {
        return jdbc.query("""
                SELECT m.id, m.conversation_id, c.bot_id, m.content, m.created_at FROM messages m
                  JOIN conversations c ON c.tenant_id = m.tenant_id AND c.id = m.conversation_id
                 WHERE m.id = ? AND m.role = 'USER'""", (rs, n) -> new AskedQuestion(rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getString(4), rs.getTimestamp(5).toInstant()),
                questionId).stream().findFirst();
    }

    private Optional<ConversationSummary> summaryOf(UUID conversationId) {
        return jdbc.query("WITH page AS (SELECT c.* FROM conversations c WHERE c.id = ?) " + SUMMARY, summary(), conversationId)
                .stream().findFirst();
    }

    private static RowMapper<ConversationSummary> summary() {
        return (rs, n) -> new ConversationSummary(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(),
                rs.getTimestamp(9).toInstant(), count(rs, 10), rs.getString(11), count(rs, 12), count(rs, 13), count(rs, 14));
    }

    private static int count(ResultSet rs, int column) throws SQLException {
        return (int) rs.getLong(column);
    }
}
