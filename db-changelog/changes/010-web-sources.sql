--liquibase formatted sql
-- Web sources: what the last sync noticed besides its status (a limit reached, pages that could
-- not be fetched), shown on the source next to pages_found.

--changeset parley:010-source-sync-notes
ALTER TABLE knowledge_sources
    ADD COLUMN note         text CHECK (length(note) <= 4000),
    ADD COLUMN pages_failed integer NOT NULL DEFAULT 0 CHECK (pages_failed >= 0);
