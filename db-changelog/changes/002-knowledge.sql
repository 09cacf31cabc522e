--liquibase formatted sql
-- Knowledge as far as it is known now; the Knowledge issue extends it with new changesets.

--changeset parley:002-documents
CREATE TABLE documents (
    tenant_id      uuid NOT NULL,
    id             uuid NOT NULL,
    bot_id         uuid NOT NULL,
    title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    source_type    text NOT NULL CHECK (source_type IN ('FILE', 'TEXT', 'QA', 'URL')),
    source_url     text,
    mime_type      text,
    size_bytes     bigint NOT NULL DEFAULT 0 CHECK (size_bytes >= 0),
    content_hash   text,
    status         text NOT NULL DEFAULT 'QUEUED'
                   CHECK (status IN ('QUEUED', 'PARSING', 'EMBEDDING', 'READY', 'FAILED')),
    failure_reason text,
    chunk_count    integer NOT NULL DEFAULT 0,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, bot_id) REFERENCES bots (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX documents_bot_idx ON documents (tenant_id, bot_id);
ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON documents
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

--changeset parley:002-chunks
CREATE TABLE chunks (
    tenant_id       uuid NOT NULL,
    id              uuid NOT NULL,
    document_id     uuid NOT NULL,
    bot_id          uuid NOT NULL,
    ordinal         integer NOT NULL CHECK (ordinal >= 0),
    content         text NOT NULL,
    heading_path    text NOT NULL DEFAULT '',
    page            integer,
    embedding       vector(384),
    embedding_model text,
    tsv             tsvector,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, document_id, ordinal),
    FOREIGN KEY (tenant_id, document_id) REFERENCES documents (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, bot_id) REFERENCES bots (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX chunks_tenant_bot_idx ON chunks (tenant_id, bot_id);
ALTER TABLE chunks ENABLE ROW LEVEL SECURITY;
ALTER TABLE chunks FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON chunks
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
