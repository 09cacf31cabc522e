--liquibase formatted sql

--changeset parley:004-audit-log
-- Who did what, per tenant: logins, member changes, key changes, bot deletion.
CREATE TABLE audit_log (
    tenant_id     uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id            uuid NOT NULL,
    actor_user_id uuid,
    actor_label   text NOT NULL,
    action        text NOT NULL,
    target        text NOT NULL DEFAULT '',
    details       text NOT NULL DEFAULT '',
    occurred_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_log_time_idx ON audit_log (tenant_id, occurred_at DESC);
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_log
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

--changeset parley:004-login-failures
-- Failed sign-ins per account and per client address, shared by every node. Keys are SHA-256
-- hashes, so the table holds no e-mail address or IP in clear. Not tenant data: no tenant_id.
CREATE TABLE login_failures (
    key_hash     text PRIMARY KEY,
    failures     integer NOT NULL,
    window_start timestamptz NOT NULL,
    locked_until timestamptz
);
