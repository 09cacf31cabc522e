package dev.parley.knowledge;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Waits for a document's durable job to end (READY or FAILED), as a person watching the list would. */
public final class AwaitDocument {
    private AwaitDocument() {}

    public static KnowledgeDocument finished(KnowledgeService knowledge, UUID id) {
        return finished(knowledge, id, Duration.ofSeconds(90));
    }

    public static KnowledgeDocument finished(KnowledgeService knowledge, UUID id, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            var doc = knowledge.find(id).orElseThrow(() -> new AssertionError("document " + id + " is gone"));
            if (!doc.status().inProgress()) return doc;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("document " + id + " did not finish within " + timeout);
    }
}
