package dev.parley.knowledge;

import java.io.Serializable;
import java.util.UUID;

/** Task data of the durable ingestion job: ids only, the document holds everything else. */
record IngestionJob(UUID tenantId, UUID documentId) implements Serializable {
    static final String TASK = "ingest-document";
    /** Suffix of the follow-up run queued while the document's job is running. */
    static final String RERUN = "#rerun";

    String instanceId() {
        return documentId.toString();
    }
}
