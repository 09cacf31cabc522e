package dev.parley.chat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A message of a conversation. Assistant messages carry how they were made; {@code complete} is
 * false for an answer whose stream broke. {@code rating} is the visitor's thumbs (1, -1) or null.
 */
public record ChatMessage(UUID id, String role, String content, Instant createdAt, UUID replyTo, AnswerMode mode,
                          List<SourceRef> sources, String model, Integer promptTokens, Integer completionTokens,
                          Integer firstTokenMs, Integer totalMs, boolean complete, Integer rating) {

    public boolean fromAssistant() {
        return "ASSISTANT".equals(role);
    }
}
