package dev.parley.webhooks;

import dev.parley.shared.TenantContext;
import dev.parley.shared.TenantId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns an event into one stored delivery (and its job) per subscribed endpoint. Inside the
 * event's transaction when there is one, so the event and its deliveries commit together;
 * otherwise in a transaction of its own, in the event's tenant.
 */
@Component
class WebhookOutbox {

    private final WebhookStore store;
    private final WebhookJobs jobs;
    private final JsonMapper json;
    private final TransactionTemplate tx;

    WebhookOutbox(WebhookStore store, WebhookJobs jobs, JsonMapper json, TransactionTemplate tx) {
        this.store = store;
        this.jobs = jobs;
        this.json = json;
        this.tx = tx;
    }

    /** Queues the event for every enabled endpoint subscribed to it. */
    void publish(UUID tenantId, WebhookEvent event, Map<String, Object> data) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            write(tenantId, event, data, store.subscribers(event));
        } else {
            TenantContext.runAs(new TenantId(tenantId), null,
                    () -> tx.executeWithoutResult(s -> write(tenantId, event, data, store.subscribers(event))));
        }
    }

    /** Queues the event for one endpoint (the console's test event); call in the tenant's transaction. */
    UUID publishTo(UUID tenantId, UUID endpointId, WebhookEvent event, Map<String, Object> data) {
        return write(tenantId, event, data, List.of(endpointId)).getFirst();
    }

    private List<UUID> write(UUID tenantId, WebhookEvent event, Map<String, Object> data, List<UUID> endpoints) {
        if (endpoints.isEmpty()) return List.of();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", "evt_" + UUID.randomUUID().toString().replace("-", ""));
        body.put("type", event.type());
        body.put("created_at", Instant.now().toString());
        body.put("tenant_id", tenantId.toString());
        body.put("data", data);
        String payload = json.writeValueAsString(body);
        return endpoints.stream().map(endpoint -> {
            UUID delivery = UUID.randomUUID();
            store.insertDelivery(tenantId, delivery, endpoint, event, payload);
            jobs.schedule(new DeliveryJob(tenantId, delivery));
            return delivery;
        }).toList();
    }
}
