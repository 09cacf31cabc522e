package dev.parley.webhooks;

import java.io.Serializable;
import java.util.UUID;

/** Task data of the durable delivery job: ids only, the delivery row holds everything else. */
record DeliveryJob(UUID tenantId, UUID deliveryId) implements Serializable {
    static final String TASK = "webhook-delivery";

    String instanceId() {
        return deliveryId.toString();
    }
}
