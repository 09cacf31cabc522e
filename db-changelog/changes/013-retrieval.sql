--liquibase formatted sql
-- Retrieval: full text that can use an index under row-level security, and a change signal that
-- lets every node drop cached answers the moment a bot's settings or knowledge change.
-- The vector side needs no function: see docs/decisions/DD-021-retrieval-indexes.md.

--changeset parley:013-text-search splitStatements:false
-- Full-text candidates for one bot of the tenant bound to the transaction.
--
-- Why SECURITY DEFINER: under RLS the planner must evaluate the policy before any operator that
-- is not LEAKPROOF, and `@@` is not, so no GIN index can be used and a 100k-chunk bot scans every
-- row. This function runs as the owner (BYPASSRLS) and applies the very same tenant condition
-- itself, taken from the transaction-local app.tenant_id that RLS reads: no argument can name
-- another tenant, no tenant bound means no rows, and it returns ids and ranks only. Callers read
-- the chunks themselves under RLS, so an id that somehow belonged elsewhere would show nothing.
--
-- The bot id is written into the statement as a literal so that the planner can match a bot's
-- own partial GIN index. Ranking is bounded: words that must all appear first (precise, few
-- rows), any of them only when that finds too few, and ts_rank runs on at most p_candidates rows.
CREATE FUNCTION parley_text_search(p_bot uuid, p_config regconfig, p_question text, p_limit integer, p_candidates integer)
    RETURNS TABLE (chunk_id uuid, tier integer, rank real)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
DECLARE
    v_tenant uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
    v_all    tsquery := plainto_tsquery(p_config, left(p_question, 2000));
    v_any    tsquery;
    v_found  integer;
    v_sql    text := format(
        'SELECT m.id, %s, ts_rank(m.tsv, $1) FROM ('
        '  SELECT c.id, c.tsv FROM public.chunks c'
        '  WHERE c.tenant_id = $2 AND c.bot_id = %L AND c.tsv @@ $1 %s LIMIT $3) m'
        ' ORDER BY 3 DESC LIMIT $4', '%s', p_bot, '%s');
BEGIN
    IF v_tenant IS NULL OR numnode(v_all) = 0 THEN RETURN; END IF;
    PERFORM 1 FROM public.bots b WHERE b.tenant_id = v_tenant AND b.id = p_bot;
    IF NOT FOUND THEN RETURN; END IF;
    RETURN QUERY EXECUTE format(v_sql, 1, '') USING v_all, v_tenant, p_candidates, p_limit;
    GET DIAGNOSTICS v_found = ROW_COUNT;
    IF v_found >= p_limit THEN RETURN; END IF;
    -- plainto_tsquery joins lexemes with &; the same lexemes joined with | match any of them.
    v_any := replace(v_all::text, ' & ', ' | ')::tsquery;
    IF v_any::text = v_all::text THEN RETURN; END IF;
    RETURN QUERY EXECUTE format(v_sql, 2, 'AND NOT (c.tsv @@ $5)')
        USING v_any, v_tenant, p_candidates, p_limit - v_found, v_all;
END
$$;

--changeset parley:013-text-search-grants
REVOKE ALL ON FUNCTION parley_text_search(uuid, regconfig, text, integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION parley_text_search(uuid, regconfig, text, integer, integer) TO ${app_role};

--changeset parley:013-change-signal splitStatements:false
-- NOTIFY parley_bot_changed '<tenant>/<bot>' whenever a bot's chunks or settings change. A NOTIFY
-- is delivered on commit only, and identical payloads within one transaction are delivered once,
-- so a document with 1,000 chunks signals once. Statement-level triggers see all rows at once.
CREATE FUNCTION parley_signal_chunks_changed() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM pg_notify('parley_bot_changed', k) FROM (SELECT DISTINCT tenant_id::text || '/' || bot_id::text AS k FROM new_rows) s;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM pg_notify('parley_bot_changed', k) FROM (SELECT DISTINCT tenant_id::text || '/' || bot_id::text AS k FROM old_rows) s;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER chunks_changed_insert AFTER INSERT ON chunks
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION parley_signal_chunks_changed();
CREATE TRIGGER chunks_changed_update AFTER UPDATE ON chunks
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION parley_signal_chunks_changed();
CREATE TRIGGER chunks_changed_delete AFTER DELETE ON chunks
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION parley_signal_chunks_changed();

CREATE FUNCTION parley_signal_bot_changed() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('parley_bot_changed', OLD.tenant_id::text || '/' || OLD.id::text);
    ELSE
        PERFORM pg_notify('parley_bot_changed', NEW.tenant_id::text || '/' || NEW.id::text);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER bots_changed AFTER UPDATE OR DELETE ON bots
    FOR EACH ROW EXECUTE FUNCTION parley_signal_bot_changed();
