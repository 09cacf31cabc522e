--liquibase formatted sql
-- Identical chunk text is stored once per bot. A document whose chunk was skipped because another
-- document holds the same text remembers the hash, so that when the holder goes away the skipping
-- document is re-indexed and the text (with its citation) stays answerable.

--changeset parley:011-shared-hashes
ALTER TABLE documents ADD COLUMN shared_hashes text[] NOT NULL DEFAULT '{}';
CREATE INDEX chunks_bot_hash_idx ON chunks (tenant_id, bot_id, content_hash);
CREATE INDEX documents_shared_hashes_idx ON documents USING gin (shared_hashes);
