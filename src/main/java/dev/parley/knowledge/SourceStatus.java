package dev.parley.knowledge;

/** QUEUED → SYNCING → READY, or FAILED with the reason in lastError. Each sync goes round again. */
public enum SourceStatus {
    QUEUED, SYNCING, READY, FAILED
}
