package dev.parley.chat;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The SQL conditions of a {@link ConversationFilter} on {@code conversations c}, shared by the grid,
 * its count and the exports so that all three always mean the same set. Every value is a bind
 * parameter; search text is matched literally (LIKE wildcards and the escape character escaped).
 * Build it inside the transaction that runs the query: the text condition asks the trigram index
 * for the matching conversations first ({@link ConversationTextMatches}).
 */
final class ConversationQuery {

    private static final String MESSAGES_OF_C = "SELECT 1 FROM messages m WHERE m.tenant_id = c.tenant_id AND m.conversation_id = c.id";
    private static final String RATED_IN_C = "SELECT 1 FROM messages m JOIN feedback f ON f.tenant_id = m.tenant_id "
            + "AND f.message_id = m.id WHERE m.tenant_id = c.tenant_id AND m.conversation_id = c.id";

    final String where;
    final List<Object> params;

    private ConversationQuery(String where, List<Object> params) {
        this.where = where;
        this.params = params;
    }

    static ConversationQuery of(ConversationFilter filter, ConversationTextMatches textMatches) {
        List<String> conditions = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (filter.from() != null) {
            conditions.add("c.last_message_at >= ?");
            params.add(Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            conditions.add("c.last_message_at < ?");
            params.add(Timestamp.from(filter.to()));
        }
        if (filter.botId() != null) {
            conditions.add("c.bot_id = ?");
            params.add(filter.botId());
        }
        if (filter.status() != null) {
            conditions.add("c.status = ?");
            params.add(filter.status().name());
        }
        if (filter.rating() != null) {
            switch (filter.rating()) {
                case UP -> conditions.add("EXISTS (" + RATED_IN_C + " AND f.rating = 1)");
                case DOWN -> conditions.add("EXISTS (" + RATED_IN_C + " AND f.rating = -1)");
                case NONE -> conditions.add("NOT EXISTS (" + RATED_IN_C + ")");
            }
        }
        if (filter.outcome() != null) {
            switch (filter.outcome()) {
                case UNANSWERED -> conditions.add("EXISTS (" + MESSAGES_OF_C + " AND m.mode = 'UNANSWERED')");
                case ANSWERED -> conditions.add("EXISTS (" + MESSAGES_OF_C + " AND m.role = 'ASSISTANT') AND NOT EXISTS ("
                        + MESSAGES_OF_C + " AND m.mode = 'UNANSWERED')");
            }
        }
        if (filter.mode() != null) {
            conditions.add("EXISTS (" + MESSAGES_OF_C + " AND m.mode = ?)");
            params.add(filter.mode().name());
        }
        if (filter.text() != null) {
            String pattern = "%" + literal(filter.text()) + "%";
            Optional<UUID[]> ids = textMatches.of(pattern);
            if (ids.isPresent()) {
                conditions.add("c.id = ANY (?)");
                params.add(ids.get());
            } else {
                // Over MAX_MESSAGES matching messages: common text, so scanning in the grid's order finds a page soon.
                // A correlated scalar subquery is checked per conversation and stops at the first hit.
                conditions.add("coalesce((" + MESSAGES_OF_C + " AND m.content ILIKE ? ESCAPE '\\' LIMIT 1), 0) = 1");
                params.add(pattern);
            }
        }
        return new ConversationQuery(conditions.isEmpty() ? "true" : String.join(" AND ", conditions), params);
    }

    /** Escapes LIKE's wildcards so that "100%" and "a_b" mean exactly those characters. */
    static String literal(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    Object[] paramsWith(Object... more) {
        List<Object> all = new ArrayList<>(params);
        all.addAll(List.of(more));
        return all.toArray();
    }
}
