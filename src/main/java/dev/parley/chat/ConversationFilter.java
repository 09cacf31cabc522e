package dev.parley.chat;

import java.time.Instant;
import java.util.UUID;

/**
 * Which conversations support staff want to see; every field is optional (null means "any").
 *
 * @param from    last activity at or after this instant
 * @param to      last activity before this instant
 * @param rating  a thumbs up or down on any answer, or no rating at all
 * @param outcome whether any question went unanswered
 * @param mode    at least one answer made this way
 * @param status  open or resolved by support staff
 * @param text    words that any message contains, matched literally (no wildcards)
 */
public record ConversationFilter(Instant from, Instant to, UUID botId, Rating rating, Outcome outcome, AnswerMode mode,
                                 Status status, String text) {

    public enum Rating { UP, DOWN, NONE }

    public enum Outcome { ANSWERED, UNANSWERED }

    public enum Status { OPEN, RESOLVED }

    public static final int MAX_TEXT = 200;

    public static ConversationFilter any() {
        return new ConversationFilter(null, null, null, null, null, null, null, null);
    }

    public ConversationFilter {
        // PostgreSQL text cannot hold NUL; no message contains one, so it cannot narrow a search.
        text = text == null ? null : text.replace("\u0000", "");
        text = text == null || text.isBlank() ? null : text.strip();
        if (text != null && text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("Search for at most " + MAX_TEXT + " characters.");
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("The start of the range must come before its end.");
        }
    }
}
