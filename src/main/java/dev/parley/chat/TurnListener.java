package dev.parley.chat;

import java.util.List;
import java.util.UUID;

/** Receives one answer as it is made: sources, then text pieces, then done or error. */
public interface TurnListener {

    record Done(UUID messageId, AnswerMode mode, String model, int promptTokens, int completionTokens,
                long firstTokenMs, long totalMs) {}

    /**
     * @param retryable whether sending the same message again (same idempotency key) may succeed
     * @param messageId the stored partial answer, if any
     */
    record Failure(String code, String message, boolean retryable, UUID messageId) {}

    void sources(List<SourceRef> sources);

    void delta(String text);

    void done(Done done);

    void error(Failure failure);
}
