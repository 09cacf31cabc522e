package dev.parley.chat;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An accepted question: stored, counted, ready to be answered (or replayed when it was answered
 * before). Opaque outside this package: made by {@link ChatTurns#accept}, consumed by {@link ChatTurns#answer}.
 */
public final class Turn {
    final ChatCaller caller;
    final UUID conversationId;
    final BotProfile profile;
    final UUID questionId;
    final String question;
    final Optional<ChatMessage> replay;
    /** The conversation before this question, oldest first. */
    final List<ChatMessage> history;
    final long acceptedAt;

    Turn(ChatCaller caller, UUID conversationId, BotProfile profile, UUID questionId, String question,
         Optional<ChatMessage> replay, List<ChatMessage> history, long acceptedAt) {
        this.caller = caller;
        this.conversationId = conversationId;
        this.profile = profile;
        this.questionId = questionId;
        this.question = question;
        this.replay = replay;
        this.history = history;
        this.acceptedAt = acceptedAt;
    }

    public ChatCaller caller() {
        return caller;
    }

    public UUID questionId() {
        return questionId;
    }
}
