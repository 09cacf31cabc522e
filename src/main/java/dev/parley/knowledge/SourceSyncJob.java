package dev.parley.knowledge;

import java.io.Serializable;
import java.util.UUID;

/** Task data of the durable sync job: ids only. One execution per source, rescheduled after each run. */
record SourceSyncJob(UUID tenantId, UUID sourceId) implements Serializable {
    static final String TASK = "sync-web-source";

    String instanceId() {
        return sourceId.toString();
    }
}
