package dev.parley.knowledge;

import java.io.Serializable;
import java.util.UUID;

/** Task data of the durable ingestion job: ids only, the document holds everything else. */
record IngestionJob(UUID tenantId, UUID documentId) implements Serializable {
    static final String TASK = "ingest-document";

    String instanceId() {
        return documentId.toString();
    }
}
