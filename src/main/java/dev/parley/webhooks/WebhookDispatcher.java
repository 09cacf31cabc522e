package dev.parley.webhooks;

import dev.parley.platform.SecretBox;
import dev.parley.shared.TenantContext;
import dev.parley.shared.TenantId;
import dev.parley.tenancy.AuditLog;
import java.time.Instant;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One attempt of one delivery: read it, check the address again, send outside any transaction,
 * then log the attempt and decide: delivered, try again later (exponential backoff), or give up.
 */
@Component
class WebhookDispatcher {

    private final WebhookStore store;
    private final WebhookSender sender;
    private final AddressCheck addresses;
    private final SecretBox secrets;
    private final WebhookProperties properties;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;

    WebhookDispatcher(WebhookStore store, WebhookSender sender, AddressCheck addresses, SecretBox secrets,
                      WebhookProperties properties, TransactionTemplate tx, ApplicationEventPublisher events, AuditLog audit) {
        this.store = store;
        this.sender = sender;
        this.addresses = addresses;
        this.secrets = secrets;
        this.properties = properties;
        this.tx = tx;
        this.events = events;
        this.audit = audit;
    }

    /** Runs the next attempt; returns when to try again, empty when the delivery is finished. */
    Optional<Instant> attempt(DeliveryJob job) {
        return TenantContext.callAs(new TenantId(job.tenantId()), null, () -> run(job));
    }

    private Optional<Instant> run(DeliveryJob job) {
        WebhookStore.Target target = tx.execute(s -> store.target(job.deliveryId()).orElse(null));
        if (target == null || !"PENDING".equals(target.status())) return Optional.empty(); // endpoint deleted, or done already
        if (!target.endpointEnabled() && !WebhookEvent.TEST.type().equals(target.eventType())) {
            tx.executeWithoutResult(s -> store.failWithoutAttempt(target.deliveryId(), "Not sent: the endpoint is switched off."));
            return Optional.empty();
        }
        int attempt = target.attempts() + 1;
        Instant started = Instant.now();
        SendResult result = addresses.refusal(target.url())
                .map(why -> new SendResult(SendResult.Outcome.REFUSED, null, 0, "Not sent: " + why))
                .orElseGet(() -> sender.send(target.url(), secrets.open(target.secretSealed()), target.deliveryId(),
                        target.eventType(), target.payload()));
        boolean again = result.outcome().retryable() && attempt < properties.maxAttempts();
        Instant next = again ? Instant.now().plus(properties.backoffAfter(attempt)) : null;
        String status = result.outcome() == SendResult.Outcome.OK ? "DELIVERED" : again ? "PENDING" : "FAILED";
        boolean startedFailing = Boolean.TRUE.equals(tx.execute(s -> {
            store.insertAttempt(job.tenantId(), target.deliveryId(), attempt, started, result);
            store.updateDelivery(target.deliveryId(), status, attempt, result, next);
            if (result.outcome() == SendResult.Outcome.OK) {
                store.markHealthy(target.endpointId());
                return false;
            }
            if (result.outcome() == SendResult.Outcome.GONE) {
                boolean switchedOff = store.disable(target.endpointId(), "The receiver answered 410 Gone on " + started + ".");
                if (switchedOff) audit.record("webhook.disabled", target.url(), "The receiver answered 410 Gone");
                return switchedOff;
            }
            return "FAILED".equals(status) && store.markFailing(target.endpointId());
        }));
        if (startedFailing) {
            events.publishEvent(new WebhookFailing(job.tenantId(), target.endpointId(), target.url(), result.summary(),
                    result.outcome() == SendResult.Outcome.GONE));
        }
        return Optional.ofNullable(next);
    }
}
