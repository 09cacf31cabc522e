--liquibase formatted sql
-- Switching the embedding model without a retrieval gap. Each bot searches with its active model
-- (the one whose vector set is complete); a background job embeds every chunk with the new model
-- into next_embedding and, once none is missing, swaps the columns and the bot's active model in
-- one transaction. No new table: the side vectors live on the chunk rows (same RLS policy).

--changeset parley:012-active-embedding-model
ALTER TABLE bots ADD COLUMN active_embedding_model text;
ALTER TABLE chunks
    ADD COLUMN next_embedding       vector(384),
    ADD COLUMN next_embedding_model text;
-- Bots indexed before this change: their chunks' model (runs as the owner, which bypasses RLS).
UPDATE bots b SET active_embedding_model = (
    SELECT min(c.embedding_model) FROM chunks c WHERE c.tenant_id = b.tenant_id AND c.bot_id = b.id);
CREATE INDEX chunks_bot_next_model_idx ON chunks (tenant_id, bot_id, next_embedding_model);

--changeset parley:012-bots-to-switch splitStatements:false
-- At startup: which bots still search with another model than the configured one. Ids only, for
-- scheduling one switch job per bot; the job then binds that tenant like every other job.
CREATE FUNCTION parley_bots_to_switch(p_model text)
    RETURNS TABLE (tenant_id uuid, bot_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
AS $$
    SELECT b.tenant_id, b.id FROM public.bots b
    WHERE b.active_embedding_model IS NOT NULL AND b.active_embedding_model <> p_model
$$;

--changeset parley:012-bots-to-switch-grants
REVOKE ALL ON FUNCTION parley_bots_to_switch(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION parley_bots_to_switch(text) TO ${app_role};
