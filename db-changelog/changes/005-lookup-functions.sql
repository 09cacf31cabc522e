--liquibase formatted sql
-- The few lookups that happen before a tenant is known. Each is SECURITY DEFINER (runs as the
-- owner, which may bypass RLS), returns the narrowest shape that serves its caller, pins its
-- search_path, and is executable by the app role only.

--changeset parley:005-find-login splitStatements:false
CREATE FUNCTION parley_find_login(p_email text)
    RETURNS TABLE (user_id uuid, password_hash text, display_name text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
    SELECT u.id, u.password_hash, u.display_name FROM public.users u WHERE u.email = lower(p_email)
$$;

--changeset parley:005-my-tenants splitStatements:false
-- Tenants of the user bound to this transaction (app.user_id): the tenant switcher's list.
CREATE FUNCTION parley_my_tenants()
    RETURNS TABLE (tenant_id uuid, tenant_name text, role text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
    SELECT t.id, t.name, m.role
    FROM public.memberships m JOIN public.tenants t ON t.id = m.tenant_id
    WHERE m.user_id = nullif(current_setting('app.user_id', true), '')::uuid
    ORDER BY t.name, t.id
$$;

--changeset parley:005-find-invitation splitStatements:false
CREATE FUNCTION parley_find_invitation(p_token_hash text)
    RETURNS TABLE (tenant_id uuid, invitation_id uuid, email text, role text, tenant_name text,
                   expires_at timestamptz, accepted_at timestamptz, revoked_at timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
    SELECT i.tenant_id, i.id, i.email, i.role, t.name, i.expires_at, i.accepted_at, i.revoked_at
    FROM public.invitations i JOIN public.tenants t ON t.id = i.tenant_id
    WHERE i.token_hash = p_token_hash
$$;

--changeset parley:005-find-api-key splitStatements:false
CREATE FUNCTION parley_find_api_key(p_prefix text)
    RETURNS TABLE (tenant_id uuid, key_id uuid, secret_hash text, scopes text[], revoked boolean)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
    SELECT k.tenant_id, k.id, k.secret_hash, k.scopes, k.revoked_at IS NOT NULL
    FROM public.api_keys k WHERE k.prefix = p_prefix
$$;

--changeset parley:005-revoke-public
REVOKE ALL ON FUNCTION parley_find_login(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION parley_my_tenants() FROM PUBLIC;
REVOKE ALL ON FUNCTION parley_find_invitation(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION parley_find_api_key(text) FROM PUBLIC;
