--liquibase formatted sql
-- Every tenant-owned table: tenant_id in every key and foreign key, ENABLE + FORCE row-level
-- security, and one policy that reads the transaction-local app.tenant_id (unset => NULL => no rows).

--changeset parley:001-extensions
CREATE EXTENSION IF NOT EXISTS vector;

--changeset parley:001-tenants
CREATE TABLE tenants (
    id                       uuid PRIMARY KEY,
    name                     text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    max_messages_per_day     integer CHECK (max_messages_per_day >= 0),
    max_llm_tokens_per_month bigint  CHECK (max_llm_tokens_per_month >= 0),
    max_documents            integer CHECK (max_documents >= 0),
    max_storage_bytes        bigint  CHECK (max_storage_bytes >= 0),
    created_at               timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants
    USING (id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (id = nullif(current_setting('app.tenant_id', true), '')::uuid);

--changeset parley:001-users
-- People are global: one login, many tenants. A user row is visible to itself and to the
-- tenants it belongs to (the memberships subquery is itself filtered by tenant).
CREATE TABLE users (
    id            uuid PRIMARY KEY,
    email         text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
    display_name  text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
    password_hash text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_login_at timestamptz
);
CREATE UNIQUE INDEX users_email_key ON users (email);
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;

--changeset parley:001-memberships
CREATE TABLE memberships (
    tenant_id  uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       text NOT NULL CHECK (role IN ('OWNER', 'ADMIN', 'EDITOR', 'SUPPORT')),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, user_id)
);
CREATE INDEX memberships_user_idx ON memberships (user_id);
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON memberships
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

CREATE POLICY self_or_member ON users
    USING (id = nullif(current_setting('app.user_id', true), '')::uuid
           OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id))
    WITH CHECK (id = nullif(current_setting('app.user_id', true), '')::uuid);

--changeset parley:001-invitations
CREATE TABLE invitations (
    tenant_id   uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id          uuid NOT NULL,
    email       text NOT NULL CHECK (email = lower(email)),
    role        text NOT NULL CHECK (role IN ('OWNER', 'ADMIN', 'EDITOR', 'SUPPORT')),
    token_hash  text NOT NULL UNIQUE,
    invited_by  uuid,  -- null when the operator API invited a new tenant's first owner
    expires_at  timestamptz NOT NULL,
    accepted_at timestamptz,
    revoked_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, invited_by) REFERENCES memberships (tenant_id, user_id) ON DELETE CASCADE
);
ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON invitations
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

--changeset parley:001-bots
CREATE TABLE bots (
    tenant_id         uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id                uuid NOT NULL,
    name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    persona           text NOT NULL DEFAULT '' CHECK (length(persona) <= 8000),
    welcome_message   text NOT NULL DEFAULT '' CHECK (length(welcome_message) <= 500),
    starter_questions text[] NOT NULL DEFAULT '{}',
    color             text NOT NULL DEFAULT '#4f46e5' CHECK (color ~ '^#[0-9a-f]{6}$'),
    position          text NOT NULL DEFAULT 'right' CHECK (position IN ('right', 'left')),
    language          text NOT NULL DEFAULT 'en' CHECK (language ~ '^[a-z]{2}$'),
    allowed_origins   text[] NOT NULL DEFAULT '{}',
    public_key        text NOT NULL UNIQUE CHECK (public_key ~ '^pk_[A-Za-z0-9_-]{20,}$'),
    enabled           boolean NOT NULL DEFAULT true,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
ALTER TABLE bots ENABLE ROW LEVEL SECURITY;
ALTER TABLE bots FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON bots
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

--changeset parley:001-api-keys
-- Only a prefix (to find the key) and a SHA-256 of the secret are stored; the key is shown once.
CREATE TABLE api_keys (
    tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id           uuid NOT NULL,
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    prefix       text NOT NULL UNIQUE,
    secret_hash  text NOT NULL,
    scopes       text[] NOT NULL,
    created_by   uuid,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz,
    PRIMARY KEY (tenant_id, id)
);
ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON api_keys
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
