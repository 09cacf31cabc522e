/**
 * Webhooks: a tenant's endpoints, and each chat or knowledge event delivered to the endpoints that
 * subscribe to it: stored in the event's transaction, signed (HMAC-SHA256 over timestamp and body),
 * sent by durable jobs with short timeouts, retried with exponential backoff, and logged attempt by
 * attempt (docs/decisions/DD-044-integrations.md).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"chat", "knowledge", "tenancy", "platform", "shared"})
package dev.parley.webhooks;
