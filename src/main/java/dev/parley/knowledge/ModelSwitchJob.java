package dev.parley.knowledge;

import java.io.Serializable;
import java.util.UUID;

/** Task data of the durable job that moves one bot's vectors to the configured model: ids only. */
record ModelSwitchJob(UUID tenantId, UUID botId) implements Serializable {
    static final String TASK = "switch-embedding-model";

    String instanceId() {
        return botId.toString();
    }
}
