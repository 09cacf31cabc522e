package dev.parley.unanswered;

import dev.parley.knowledge.KnowledgeDocument;
import dev.parley.knowledge.KnowledgeService;
import dev.parley.shared.TenantPrincipal;
import dev.parley.shared.UserId;
import dev.parley.tenancy.CurrentRole;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The unanswered-question queue of the current workspace: groups newest first with their counts,
 * and curating an answer, which adds it to the bot's knowledge as a Q&A entry and resolves the
 * group in one transaction. Everyone in the workspace may read it; editors and up answer.
 */
@Service
public class UnansweredQuestions {

    public static final int MAX_ANSWER = 10_000;
    public static final int MAX_QUESTION = 500;

    private static final String GROUPS = """
            SELECT g.id, g.bot_id, b.name, g.question,
                   (SELECT count(*) FROM unanswered_questions q WHERE q.tenant_id = g.tenant_id AND q.group_id = g.id),
                   g.first_asked_at, g.last_asked_at, g.status, g.answer, g.resolved_at,
                   ARRAY(SELECT e.question FROM (
                           SELECT DISTINCT ON (lower(q.question)) q.question, q.asked_at FROM unanswered_questions q
                            WHERE q.tenant_id = g.tenant_id AND q.group_id = g.id
                            ORDER BY lower(q.question), q.asked_at DESC) e
                         ORDER BY e.asked_at DESC LIMIT ?)
              FROM unanswered_groups g JOIN bots b ON b.tenant_id = g.tenant_id AND b.id = g.bot_id""";

    private final JdbcTemplate jdbc;
    private final KnowledgeService knowledge;
    private final CurrentRole role;
    private final UnansweredProperties properties;

    UnansweredQuestions(JdbcTemplate jdbc, KnowledgeService knowledge, CurrentRole role, UnansweredProperties properties) {
        this.jdbc = jdbc;
        this.knowledge = knowledge;
        this.role = role;
        this.properties = properties;
    }

    /** Open (or resolved) groups, the most recently asked first; {@code botId} null for all bots. */
    @Transactional(readOnly = true)
    public List<QuestionGroup> groups(UUID botId, boolean resolved, int offset, int limit) {
        role.role(); // signed in
        if (offset < 0 || limit < 1 || limit > 200) throw new IllegalArgumentException("A page has 1 to 200 groups.");
        return jdbc.query(GROUPS + " WHERE g.status = ? AND (?::uuid IS NULL OR g.bot_id = ?)"
                        + " ORDER BY g.last_asked_at DESC, g.id LIMIT ? OFFSET ?", mapper(), properties.examples(),
                resolved ? "RESOLVED" : "OPEN", botId, botId, limit, offset);
    }

    @Transactional(readOnly = true)
    public long count(UUID botId, boolean resolved) {
        role.role();
        return jdbc.queryForObject("SELECT count(*) FROM unanswered_groups WHERE status = ? AND (?::uuid IS NULL OR bot_id = ?)",
                Long.class, resolved ? "RESOLVED" : "OPEN", botId, botId);
    }

    /**
     * Answers a group: the question (as the editor phrased it) and answer become a Q&A entry of the
     * group's bot, and the group is resolved. The answer is plain text; markup in it stays text.
     */
    @Transactional
    public QuestionGroup curate(UUID groupId, String question, String answer) {
        role.requireKnowledgeEditor();
        String q = question == null ? "" : question.strip();
        String a = answer == null ? "" : answer.strip();
        if (q.isEmpty() || q.length() > MAX_QUESTION) {
            throw new CurationRefused("question", "Write the question as visitors ask it (up to " + MAX_QUESTION + " characters).");
        }
        if (a.isEmpty()) throw new CurationRefused("answer", "Write the answer the bot should give.");
        if (a.length() > MAX_ANSWER) throw new CurationRefused("answer", "An answer has at most 10,000 characters; this one has "
                + String.format("%,d", a.length()) + ".");
        List<Object[]> found = jdbc.query("SELECT bot_id, status FROM unanswered_groups WHERE id = ? FOR UPDATE",
                (rs, n) -> new Object[] {rs.getObject(1, UUID.class), rs.getString(2)}, groupId);
        if (found.isEmpty()) throw new CurationRefused("answer", "This question is no longer in the queue.");
        if ("RESOLVED".equals(found.getFirst()[1])) throw new CurationRefused("answer", "Someone answered this question already.");
        KnowledgeDocument qa = knowledge.addQa((UUID) found.getFirst()[0], q, a);
        jdbc.update("""
                UPDATE unanswered_groups SET status = 'RESOLVED', answer = ?, answer_document_id = ?, resolved_by = ?,
                       resolved_at = now() WHERE id = ?""", a, qa.id(), currentUser(), groupId);
        return jdbc.query(GROUPS + " WHERE g.id = ?", mapper(), properties.examples(), groupId).getFirst();
    }

    private static UUID currentUser() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof TenantPrincipal p) return p.userId().map(UserId::value).orElse(null);
        return null;
    }

    private static RowMapper<QuestionGroup> mapper() {
        return (rs, n) -> new QuestionGroup(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                rs.getString(4), (int) rs.getLong(5), rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant(),
                "RESOLVED".equals(rs.getString(8)), rs.getString(9), instant(rs.getTimestamp(10)), strings(rs, 11));
    }

    private static java.time.Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static List<String> strings(ResultSet rs, int column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
