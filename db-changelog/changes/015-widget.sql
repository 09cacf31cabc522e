--liquibase formatted sql
-- The widget: resolving a bot's public key before a tenant is known, the keys that sign visitor
-- session tokens, and the shared rate-limit buckets (docs/decisions/DD-031-widget-sessions.md).

--changeset parley:015-find-widget-bot splitStatements:false
-- A widget names its bot only by the public key in the snippet; this is the one lookup that turns it
-- into a tenant. It returns what the origin check needs and nothing else.
CREATE FUNCTION parley_find_widget_bot(p_public_key text)
    RETURNS TABLE (tenant_id uuid, bot_id uuid, enabled boolean, allowed_origins text[])
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
    SELECT b.tenant_id, b.id, b.enabled, b.allowed_origins FROM public.bots b WHERE b.public_key = p_public_key
$$;
REVOKE ALL ON FUNCTION parley_find_widget_bot(text) FROM PUBLIC;

--changeset parley:015-widget-signing-keys
-- Not tenant data: the installation's keys for visitor session tokens, shared by every node. The
-- private JWK is sealed with the installation's secret key (platform.SecretBox), which never
-- enters the database. A key signs until a newer one exists and verifies until retire_at.
CREATE TABLE widget_signing_keys (
    kid                text PRIMARY KEY CHECK (kid ~ '^[A-Za-z0-9_-]{8,64}$'),
    algorithm          text NOT NULL CHECK (algorithm = 'ES256'),
    public_jwk         text NOT NULL,
    private_jwk_sealed text NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    retire_at          timestamptz
);

--changeset parley:015-widget-rate-buckets
-- Not tenant data: Bucket4j's token-bucket state, keyed by a hash of (limit, bot, visitor or IP).
-- No content, no ids a tenant could read back; only the widget's rate limiter touches it.
CREATE TABLE widget_rate_buckets (
    id         text PRIMARY KEY CHECK (length(id) <= 100),
    state      bytea,
    expires_at bigint
);
CREATE INDEX widget_rate_buckets_expires_idx ON widget_rate_buckets (expires_at);

--changeset parley:015-grants runOnChange:true
GRANT SELECT, INSERT, UPDATE, DELETE ON widget_signing_keys, widget_rate_buckets TO ${app_role};
GRANT EXECUTE ON FUNCTION parley_find_widget_bot(text) TO ${app_role};
