package dev.parley.webhooks;

import java.util.UUID;

/**
 * An endpoint started failing: a delivery used up its attempts, or the receiver answered 410 Gone
 * and the endpoint was switched off ({@code disabled}). Published once per failing streak, after
 * the state is stored, so the console can tell the tenant's admins.
 */
public record WebhookFailing(UUID tenantId, UUID endpointId, String url, String reason, boolean disabled) {}
