package dev.parley.chat;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The conversations whose messages contain a search text, found through the trigram index by the
 * SECURITY DEFINER function {@code parley_conversation_text_search} (021, DD-040): under RLS the
 * app role's own ILIKE cannot use that index. Call inside the caller's transaction, which binds the
 * tenant; the caller still reads the conversations under RLS.
 */
@Component
class ConversationTextMatches {

    /**
     * More matching messages than this and the text is common: scanning conversations in the grid's
     * order finds a page sooner than collecting every match (both measured in docs/benchmarks.md).
     */
    static final int MAX_MESSAGES = 5_000;

    private final JdbcTemplate jdbc;

    ConversationTextMatches(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The ids of all conversations with a matching message, or empty when more than {@link #MAX_MESSAGES} messages match. */
    Optional<UUID[]> of(String pattern) {
        List<UUID> ids = jdbc.queryForList("SELECT conversation_id FROM parley_conversation_text_search(?, ?)", UUID.class,
                pattern, MAX_MESSAGES + 1);
        return ids.size() > MAX_MESSAGES ? Optional.empty() : Optional.of(ids.stream().distinct().toArray(UUID[]::new));
    }
}
