--liquibase formatted sql
-- The console's conversation text filter through a trigram index (DD-040).

--changeset parley:021-pg-trgm
-- pg_trgm is a trusted extension (PostgreSQL 13+): the schema owner, which owns the database,
-- may create it without a superuser; it ships with the server's contrib modules.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

--changeset parley:021-messages-content-trgm
CREATE INDEX messages_content_trgm_idx ON messages USING gin (content gin_trgm_ops);

--changeset parley:021-conversation-text-search splitStatements:false
-- The conversation id of each of the bound tenant's messages whose content matches a LIKE pattern
-- (case-insensitive, '\' escapes), at most p_max_rows rows: the bound is on messages read, so a
-- common word costs no more than a rare one (the caller treats a full result as "too many").
--
-- Why SECURITY DEFINER: under FORCE RLS the planner must apply the policy before any operator
-- that is not LEAKPROOF, and ILIKE is not, so the app role cannot use a trigram index and a rare
-- word reads every message of the tenant (the finding of 013's parley_text_search for `@@`). This
-- function runs as the owner (BYPASSRLS) and applies the same tenant condition itself, taken only
-- from the transaction-local app.tenant_id that RLS reads: no argument names a tenant, no tenant
-- bound means no rows, and it returns conversation ids only. Callers read the conversations
-- themselves under RLS. EXECUTE plans with the actual pattern, so a short or common one is
-- matched without the index when that is cheaper.
CREATE FUNCTION parley_conversation_text_search(p_pattern text, p_max_rows integer)
    RETURNS TABLE (conversation_id uuid)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    v_tenant uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
BEGIN
    IF v_tenant IS NULL OR p_pattern IS NULL OR p_max_rows IS NULL OR p_max_rows < 1 THEN RETURN; END IF;
    RETURN QUERY EXECUTE
        'SELECT m.conversation_id FROM public.messages m'
        ' WHERE m.tenant_id = $1 AND m.content ILIKE $2 ESCAPE ''\'' LIMIT $3'
        USING v_tenant, p_pattern, least(p_max_rows, 100000);
END
$$;

--changeset parley:021-conversation-text-search-grants
REVOKE ALL ON FUNCTION parley_conversation_text_search(text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION parley_conversation_text_search(text, integer) TO ${app_role};
