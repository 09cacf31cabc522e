package dev.parley.webhooks;

import dev.parley.platform.SecretBox;
import dev.parley.tenancy.AuditLog;
import dev.parley.tenancy.CurrentRole;
import dev.parley.tenancy.InvalidInputException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A tenant's webhook endpoints and their delivery log, for admins and owners. */
@Service
public class WebhookService {

    /** Endpoints per workspace: enough for real integrations, few enough that one event stays cheap. */
    static final int MAX_ENDPOINTS = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebhookStore store;
    private final WebhookOutbox outbox;
    private final AddressCheck addresses;
    private final SecretBox secrets;
    private final CurrentRole currentRole;
    private final AuditLog audit;

    WebhookService(WebhookStore store, WebhookOutbox outbox, AddressCheck addresses, SecretBox secrets, CurrentRole currentRole,
                   AuditLog audit) {
        this.store = store;
        this.outbox = outbox;
        this.addresses = addresses;
        this.secrets = secrets;
        this.currentRole = currentRole;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    public List<Webhooks.Endpoint> endpoints() {
        requireAdmin();
        return store.endpoints();
    }

    /** Stores the endpoint and returns its signing secret, which is never shown again. */
    @Transactional
    public Webhooks.CreatedEndpoint create(Webhooks.EndpointInput input) {
        requireAdmin();
        Webhooks.EndpointInput clean = validate(input);
        if (store.countEndpoints() >= MAX_ENDPOINTS) {
            throw InvalidInputException.of("url", "A workspace has at most " + MAX_ENDPOINTS + " endpoints; remove one first.");
        }
        UUID id = UUID.randomUUID();
        String secret = newSecret();
        store.insertEndpoint(currentRole.tenantId(), id, clean, secrets.seal(secret));
        audit.record("webhook.created", clean.url(), describe(clean));
        return new Webhooks.CreatedEndpoint(store.endpoint(id).orElseThrow(), secret);
    }

    @Transactional
    public Webhooks.Endpoint update(UUID id, Webhooks.EndpointInput input) {
        requireAdmin();
        Webhooks.EndpointInput clean = validate(input);
        if (!store.updateEndpoint(id, clean)) throw InvalidInputException.of("url", "This endpoint no longer exists.");
        audit.record("webhook.updated", clean.url(), describe(clean));
        return store.endpoint(id).orElseThrow();
    }

    @Transactional
    public void delete(UUID id) {
        requireAdmin();
        store.endpoint(id).ifPresent(endpoint -> {
            store.deleteEndpoint(id);
            audit.record("webhook.deleted", endpoint.url(), "");
        });
    }

    /** A new signing secret; the old one stops working at once. */
    @Transactional
    public String rotateSecret(UUID id) {
        requireAdmin();
        Webhooks.Endpoint endpoint = store.endpoint(id).orElseThrow(() -> InvalidInputException.of("url", "This endpoint no longer exists."));
        String secret = newSecret();
        store.replaceSecret(id, secrets.seal(secret));
        audit.record("webhook.secret_rotated", endpoint.url(), "");
        return secret;
    }

    /** Queues a webhook.test delivery to this endpoint only, through the same path as real events. */
    @Transactional
    public UUID sendTest(UUID id) {
        requireAdmin();
        Webhooks.Endpoint endpoint = store.endpoint(id).orElseThrow(() -> InvalidInputException.of("url", "This endpoint no longer exists."));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("endpoint_id", endpoint.id().toString());
        data.put("message", "A test event from the Parley console.");
        return outbox.publishTo(currentRole.tenantId(), endpoint.id(), WebhookEvent.TEST, data);
    }

    @Transactional(readOnly = true)
    public List<Webhooks.Delivery> deliveries(UUID endpointId, int offset, int limit) {
        requireAdmin();
        return store.deliveries(endpointId, Math.max(0, offset), Math.max(0, Math.min(limit, 500)));
    }

    @Transactional(readOnly = true)
    public int countDeliveries(UUID endpointId) {
        requireAdmin();
        return store.countDeliveries(endpointId);
    }

    @Transactional(readOnly = true)
    public List<Webhooks.Attempt> attempts(UUID deliveryId) {
        requireAdmin();
        return store.attempts(deliveryId);
    }

    private Webhooks.EndpointInput validate(Webhooks.EndpointInput input) {
        Map<String, String> errors = new LinkedHashMap<>();
        String url = input.url() == null ? "" : input.url().strip();
        addresses.refusal(url).ifPresent(why -> errors.put("url", why));
        String description = input.description() == null ? "" : input.description().strip();
        if (description.length() > 200) errors.put("description", "Keep the description under 200 characters.");
        Set<WebhookEvent> events = input.events() == null ? Set.of()
                : input.events().stream().filter(WebhookEvent::subscribable).collect(Collectors.toCollection(() -> EnumSet.noneOf(WebhookEvent.class)));
        if (events.isEmpty()) errors.put("events", "Choose at least one event.");
        if (!errors.isEmpty()) throw new InvalidInputException(errors);
        return new Webhooks.EndpointInput(url, description, events, input.enabled());
    }

    private static String describe(Webhooks.EndpointInput input) {
        return input.events().stream().map(WebhookEvent::type).collect(Collectors.joining(", "))
                + (input.enabled() ? "" : " (switched off)");
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private void requireAdmin() {
        if (!currentRole.role().managesIntegrations()) throw new AccessDeniedException("Only admins and owners manage webhooks.");
    }
}
