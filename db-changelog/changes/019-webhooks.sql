--liquibase formatted sql
-- Webhooks: a tenant's endpoints, each event's delivery to each endpoint (the outbox, written in
-- the event's transaction) and every attempt of it (the delivery log). Work runs as db-scheduler
-- jobs that carry ids only (docs/decisions/DD-044-integrations.md).

--changeset parley:019-webhook-endpoints
CREATE TABLE webhook_endpoints (
    tenant_id      uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id             uuid NOT NULL,
    url            text NOT NULL CHECK (length(url) BETWEEN 8 AND 2000),
    description    text NOT NULL DEFAULT '' CHECK (length(description) <= 200),
    events         text[] NOT NULL CHECK (cardinality(events) >= 1),
    -- AES-GCM ciphertext (platform.SecretBox); the signing secret is shown once and never again.
    secret_sealed  text NOT NULL,
    enabled        boolean NOT NULL DEFAULT true,
    -- Set when deliveries start failing for good, cleared by the next success.
    failing_since  timestamptz,
    disabled_reason text NOT NULL DEFAULT '' CHECK (length(disabled_reason) <= 500),
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
ALTER TABLE webhook_endpoints ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_endpoints FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_endpoints
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

--changeset parley:019-webhook-deliveries
CREATE TABLE webhook_deliveries (
    tenant_id        uuid NOT NULL,
    id               uuid NOT NULL,
    endpoint_id      uuid NOT NULL,
    event_type       text NOT NULL CHECK (length(event_type) <= 50),
    payload          text NOT NULL CHECK (length(payload) <= 20000),
    -- PENDING (waiting for its first or next attempt), DELIVERED, FAILED (gave up or endpoint gone)
    status           text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_status_code integer,
    last_outcome     text NOT NULL DEFAULT '' CHECK (length(last_outcome) <= 500),
    next_attempt_at  timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (tenant_id, endpoint_id, created_at DESC);
ALTER TABLE webhook_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_deliveries
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

--changeset parley:019-webhook-attempts
CREATE TABLE webhook_attempts (
    tenant_id    uuid NOT NULL,
    id           uuid NOT NULL,
    delivery_id  uuid NOT NULL,
    attempt      integer NOT NULL CHECK (attempt >= 1),
    started_at   timestamptz NOT NULL,
    duration_ms  integer NOT NULL CHECK (duration_ms >= 0),
    status_code  integer,
    -- OK, HTTP_ERROR, TIMED_OUT, CONNECTION_FAILED, REFUSED (address policy), GONE (410)
    outcome      text NOT NULL CHECK (length(outcome) <= 30),
    detail       text NOT NULL DEFAULT '' CHECK (length(detail) <= 500),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, delivery_id) REFERENCES webhook_deliveries (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (tenant_id, delivery_id, attempt);
ALTER TABLE webhook_attempts ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_attempts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_attempts
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

--changeset parley:019-audit-filters
-- The audit view filters by actor and action within a tenant, newest first.
CREATE INDEX audit_log_action_idx ON audit_log (tenant_id, action, occurred_at DESC);

--changeset parley:019-grants runOnChange:true
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_endpoints, webhook_deliveries, webhook_attempts TO ${app_role};
