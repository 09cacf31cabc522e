package dev.parley.knowledge;

/** QUEUED → PARSING → EMBEDDING → READY, or FAILED with a reason. */
public enum DocumentStatus {
    QUEUED, PARSING, EMBEDDING, READY, FAILED;

    public boolean inProgress() {
        return this == QUEUED || this == PARSING || this == EMBEDDING;
    }
}
