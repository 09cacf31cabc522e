package dev.parley.webhooks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** SQL of the webhook tables; callers hold the transaction and the tenant binding (RLS). */
@Component
class WebhookStore {

    /** What a delivery attempt needs. */
    record Target(UUID deliveryId, UUID endpointId, String url, String secretSealed, boolean endpointEnabled,
                  String eventType, String payload, String status, int attempts) {}

    private static final String ENDPOINT_COLUMNS = "id, url, description, events, enabled, failing_since, disabled_reason, created_at";

    private final JdbcClient jdbc;

    WebhookStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Webhooks.Endpoint> endpoints() {
        return jdbc.sql("SELECT " + ENDPOINT_COLUMNS + " FROM webhook_endpoints ORDER BY created_at, id").query(WebhookStore::endpoint).list();
    }

    Optional<Webhooks.Endpoint> endpoint(UUID id) {
        return jdbc.sql("SELECT " + ENDPOINT_COLUMNS + " FROM webhook_endpoints WHERE id = ?").param(id).query(WebhookStore::endpoint).optional();
    }

    int countEndpoints() {
        return jdbc.sql("SELECT count(*) FROM webhook_endpoints").query(Integer.class).single();
    }

    void insertEndpoint(UUID tenantId, UUID id, Webhooks.EndpointInput input, String secretSealed) {
        jdbc.sql("INSERT INTO webhook_endpoints (tenant_id, id, url, description, events, secret_sealed, enabled) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(tenantId, id, input.url(), input.description(), types(input.events()), secretSealed, input.enabled())
                .update();
    }

    boolean updateEndpoint(UUID id, Webhooks.EndpointInput input) {
        // Switching an endpoint on again starts a fresh streak: it was failing or disabled by a 410.
        return jdbc.sql("""
                        UPDATE webhook_endpoints SET url = ?, description = ?, events = ?, enabled = ?,
                            failing_since = CASE WHEN ? AND NOT enabled THEN NULL ELSE failing_since END,
                            disabled_reason = CASE WHEN ? THEN '' ELSE disabled_reason END
                        WHERE id = ?""")
                .params(input.url(), input.description(), types(input.events()), input.enabled(), input.enabled(), input.enabled(), id)
                .update() == 1;
    }

    boolean replaceSecret(UUID id, String secretSealed) {
        return jdbc.sql("UPDATE webhook_endpoints SET secret_sealed = ? WHERE id = ?").params(secretSealed, id).update() == 1;
    }

    boolean deleteEndpoint(UUID id) {
        return jdbc.sql("DELETE FROM webhook_endpoints WHERE id = ?").param(id).update() == 1;
    }

    List<UUID> subscribers(WebhookEvent event) {
        return jdbc.sql("SELECT id FROM webhook_endpoints WHERE enabled AND ? = ANY (events)").param(event.type()).query(UUID.class).list();
    }

    void insertDelivery(UUID tenantId, UUID id, UUID endpointId, WebhookEvent event, String payload) {
        jdbc.sql("INSERT INTO webhook_deliveries (tenant_id, id, endpoint_id, event_type, payload, next_attempt_at) VALUES (?, ?, ?, ?, ?, now())")
                .params(tenantId, id, endpointId, event.type(), payload).update();
    }

    Optional<Target> target(UUID deliveryId) {
        return jdbc.sql("""
                        SELECT d.id, e.id, e.url, e.secret_sealed, e.enabled, d.event_type, d.payload, d.status, d.attempts
                        FROM webhook_deliveries d JOIN webhook_endpoints e ON e.tenant_id = d.tenant_id AND e.id = d.endpoint_id
                        WHERE d.id = ? FOR UPDATE OF d""")
                .param(deliveryId)
                .query((rs, n) -> new Target(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getString(4), rs.getBoolean(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9)))
                .optional();
    }

    void insertAttempt(UUID tenantId, UUID deliveryId, int attempt, Instant startedAt, SendResult result) {
        jdbc.sql("""
                        INSERT INTO webhook_attempts (tenant_id, id, delivery_id, attempt, started_at, duration_ms, status_code, outcome, detail)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(tenantId, UUID.randomUUID(), deliveryId, attempt, Timestamp.from(startedAt), result.durationMs(),
                        result.statusCode(), result.outcome().name(), clip(result.detail(), 500))
                .update();
    }

    void updateDelivery(UUID deliveryId, String status, int attempts, SendResult result, Instant nextAttemptAt) {
        jdbc.sql("UPDATE webhook_deliveries SET status = ?, attempts = ?, last_status_code = ?, last_outcome = ?, next_attempt_at = ? WHERE id = ?")
                .params(status, attempts, result.statusCode(), clip(result.summary(), 500),
                        nextAttemptAt == null ? null : Timestamp.from(nextAttemptAt), deliveryId)
                .update();
    }

    void failWithoutAttempt(UUID deliveryId, String reason) {
        jdbc.sql("UPDATE webhook_deliveries SET status = 'FAILED', last_outcome = ?, next_attempt_at = NULL WHERE id = ?")
                .params(reason, deliveryId).update();
    }

    /** Marks the endpoint failing; true when this starts a new failing streak. */
    boolean markFailing(UUID endpointId) {
        return jdbc.sql("UPDATE webhook_endpoints SET failing_since = now() WHERE id = ? AND failing_since IS NULL")
                .param(endpointId).update() == 1;
    }

    void markHealthy(UUID endpointId) {
        jdbc.sql("UPDATE webhook_endpoints SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL").param(endpointId).update();
    }

    /** Switches the endpoint off; true when it was on. */
    boolean disable(UUID endpointId, String reason) {
        return jdbc.sql("UPDATE webhook_endpoints SET enabled = false, disabled_reason = ?, failing_since = coalesce(failing_since, now())"
                        + " WHERE id = ? AND enabled")
                .params(clip(reason, 500), endpointId).update() == 1;
    }

    List<Webhooks.Delivery> deliveries(UUID endpointId, int offset, int limit) {
        return jdbc.sql("""
                        SELECT id, created_at, event_type, status, attempts, last_status_code, last_outcome, next_attempt_at
                        FROM webhook_deliveries WHERE endpoint_id = ? ORDER BY created_at DESC, id LIMIT ? OFFSET ?""")
                .params(endpointId, limit, offset)
                .query((rs, n) -> new Webhooks.Delivery(rs.getObject(1, UUID.class), rs.getTimestamp(2).toInstant(), rs.getString(3),
                        rs.getString(4), rs.getInt(5), (Integer) rs.getObject(6), rs.getString(7), instant(rs.getTimestamp(8))))
                .list();
    }

    int countDeliveries(UUID endpointId) {
        return jdbc.sql("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = ?").param(endpointId).query(Integer.class).single();
    }

    List<Webhooks.Attempt> attempts(UUID deliveryId) {
        return jdbc.sql("""
                        SELECT attempt, started_at, duration_ms, status_code, outcome, detail FROM webhook_attempts
                        WHERE delivery_id = ? ORDER BY attempt""")
                .param(deliveryId)
                .query((rs, n) -> new Webhooks.Attempt(rs.getInt(1), rs.getTimestamp(2).toInstant(), rs.getInt(3),
                        (Integer) rs.getObject(4), rs.getString(5), rs.getString(6)))
                .list();
    }

    private static Webhooks.Endpoint endpoint(ResultSet rs, int n) throws SQLException {
        Set<WebhookEvent> events = EnumSet.noneOf(WebhookEvent.class);
        Arrays.stream((String[]) rs.getArray(4).getArray()).map(WebhookEvent::ofType).flatMap(Optional::stream).forEach(events::add);
        return new Webhooks.Endpoint(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), events, rs.getBoolean(5),
                instant(rs.getTimestamp(6)), rs.getString(7), rs.getTimestamp(8).toInstant());
    }

    private static String[] types(Set<WebhookEvent> events) {
        return events.stream().sorted().map(WebhookEvent::type).toArray(String[]::new);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    static String clip(String text, int max) {
        if (text == null) return "";
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
