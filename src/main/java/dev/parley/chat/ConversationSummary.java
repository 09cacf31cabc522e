package dev.parley.chat;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of the conversations grid: who, when, how long, and how it went. {@code visitorName} and
 * {@code visitorEmail} come from an identified visitor's verified token (Parley.identify), else null.
 */
public record ConversationSummary(UUID id, UUID botId, String botName, String visitorId, String visitorName,
                                  String visitorEmail, String status, Instant startedAt, Instant lastMessageAt, int messages,
                                  String firstQuestion, int unanswered, int thumbsUp, int thumbsDown) {

    public boolean resolved() {
        return "RESOLVED".equals(status);
    }
}
