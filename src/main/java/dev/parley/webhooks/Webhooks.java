package dev.parley.webhooks;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** What the console shows of webhooks. */
public final class Webhooks {
    private Webhooks() {}

    public record Endpoint(UUID id, String url, String description, Set<WebhookEvent> events, boolean enabled,
                           Instant failingSince, String disabledReason, Instant createdAt) {}

    /** A new endpoint and its signing secret, which is shown this once. */
    public record CreatedEndpoint(Endpoint endpoint, String secret) {}

    /** What a person enters for an endpoint. */
    public record EndpointInput(String url, String description, Set<WebhookEvent> events, boolean enabled) {}

    /** One event for one endpoint. Status PENDING (waiting for an attempt), DELIVERED or FAILED. */
    public record Delivery(UUID id, Instant createdAt, String eventType, String status, int attempts,
                           Integer lastStatusCode, String lastOutcome, Instant nextAttemptAt) {}

    /** One try of a delivery, as the delivery log shows it. */
    public record Attempt(int attempt, Instant startedAt, int durationMs, Integer statusCode, String outcome, String detail) {}
}
