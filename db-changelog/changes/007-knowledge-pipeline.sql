--liquibase formatted sql
-- The ingestion pipeline: web sources, originals in the blob store, retry bookkeeping, Q&A chunks,
-- and db-scheduler's job table (shared by every node; rows carry ids only, no content).

--changeset parley:007-sources
CREATE TABLE knowledge_sources (
    tenant_id      uuid NOT NULL,
    id             uuid NOT NULL,
    bot_id         uuid NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('PAGE', 'SITE', 'SITEMAP')),
    url            text NOT NULL CHECK (length(url) <= 2000),
    max_pages      integer NOT NULL DEFAULT 200 CHECK (max_pages BETWEEN 1 AND 10000),
    max_depth      integer NOT NULL DEFAULT 3 CHECK (max_depth BETWEEN 0 AND 10),
    resync_hours   integer CHECK (resync_hours BETWEEN 1 AND 8760),
    status         text NOT NULL DEFAULT 'QUEUED' CHECK (status IN ('QUEUED', 'SYNCING', 'READY', 'FAILED')),
    last_error     text,
    pages_found    integer NOT NULL DEFAULT 0,
    last_synced_at timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, bot_id) REFERENCES bots (tenant_id, id) ON DELETE CASCADE
);
ALTER TABLE knowledge_sources ENABLE ROW LEVEL SECURITY;
ALTER TABLE knowledge_sources FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON knowledge_sources
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

--changeset parley:007-documents-pipeline
ALTER TABLE documents
    ADD COLUMN source_id uuid,
    ADD COLUMN blob_key  text,
    ADD COLUMN attempts  integer NOT NULL DEFAULT 0,
    ADD COLUMN parsed_chars integer,
    ADD CONSTRAINT documents_source_fk FOREIGN KEY (tenant_id, source_id)
        REFERENCES knowledge_sources (tenant_id, id) ON DELETE CASCADE;
CREATE INDEX documents_hash_idx ON documents (tenant_id, bot_id, content_hash);
CREATE UNIQUE INDEX documents_source_url_key ON documents (tenant_id, source_id, source_url) WHERE source_id IS NOT NULL;

--changeset parley:007-chunks-pipeline
ALTER TABLE chunks
    ADD COLUMN is_qa        boolean NOT NULL DEFAULT false,
    ADD COLUMN content_hash text,
    ADD COLUMN anchor       text;
CREATE INDEX chunks_document_idx ON chunks (tenant_id, document_id);

--changeset parley:007-scheduled-tasks
-- db-scheduler's table (its PostgreSQL DDL). Not tenant data: task_data holds a tenant id and a
-- document or source id, which the job uses to bind the tenant before it touches anything.
CREATE TABLE scheduled_tasks (
    task_name            text NOT NULL,
    task_instance        text NOT NULL,
    task_data            bytea,
    execution_time       timestamptz NOT NULL,
    picked               boolean NOT NULL,
    picked_by            text,
    last_success         timestamptz,
    last_failure         timestamptz,
    consecutive_failures integer,
    last_heartbeat       timestamptz,
    version              bigint NOT NULL,
    priority             smallint,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);

--changeset parley:007-grants runOnChange:true
GRANT SELECT, INSERT, UPDATE, DELETE ON knowledge_sources, scheduled_tasks TO ${app_role};
