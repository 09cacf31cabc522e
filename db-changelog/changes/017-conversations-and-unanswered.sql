--liquibase formatted sql
-- Console: searching conversations fast at a million messages, and the unanswered-question queue
-- grouped by similarity (docs/decisions/DD-040-conversation-search.md, DD-041-unanswered-questions.md).

--changeset parley:017-conversation-search
-- The conversations grid reads newest activity first; id breaks ties so pages never overlap.
-- (No trigram index on message text: under RLS, ILIKE is not LEAKPROOF and could not use it; DD-040.)
CREATE INDEX conversations_activity_idx ON conversations (tenant_id, last_message_at DESC, id);
-- Filters by answer mode (unanswered above all) find their conversations without reading every message.
CREATE INDEX messages_mode_idx ON messages (tenant_id, mode, conversation_id) WHERE mode IS NOT NULL;

--changeset parley:017-unanswered-groups
-- Questions the bot could not answer, grouped by similarity: a question joins the nearest open group
-- of its bot when the cosine similarity of its embedding to the group's first question is at least
-- the threshold. Vectors are of the bot's embedding model at the time (model says which).
CREATE TABLE unanswered_groups (
    tenant_id          uuid NOT NULL,
    id                 uuid NOT NULL,
    bot_id             uuid NOT NULL,
    question           text NOT NULL CHECK (length(question) <= 20000),
    model              text,
    embedding          vector,
    first_asked_at     timestamptz NOT NULL DEFAULT now(),
    last_asked_at      timestamptz NOT NULL DEFAULT now(),
    status             text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'RESOLVED')),
    answer             text CHECK (length(answer) <= 10000),
    answer_document_id uuid,
    resolved_by        uuid,
    resolved_at        timestamptz,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, bot_id) REFERENCES bots (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX unanswered_groups_bot_idx ON unanswered_groups (tenant_id, bot_id, status, last_asked_at DESC);
CREATE INDEX unanswered_groups_recent_idx ON unanswered_groups (tenant_id, status, last_asked_at DESC);
ALTER TABLE unanswered_groups ENABLE ROW LEVEL SECURITY;
ALTER TABLE unanswered_groups FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON unanswered_groups
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

--changeset parley:017-unanswered-questions
-- One row per unanswered question (its message id), in exactly one group.
CREATE TABLE unanswered_questions (
    tenant_id       uuid NOT NULL,
    id              uuid NOT NULL,
    group_id        uuid NOT NULL,
    conversation_id uuid NOT NULL,
    question        text NOT NULL CHECK (length(question) <= 20000),
    asked_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, id) REFERENCES messages (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, group_id) REFERENCES unanswered_groups (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX unanswered_questions_group_idx ON unanswered_questions (tenant_id, group_id, asked_at DESC);
ALTER TABLE unanswered_questions ENABLE ROW LEVEL SECURITY;
ALTER TABLE unanswered_questions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON unanswered_questions
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

--changeset parley:017-grants runOnChange:true
GRANT SELECT, INSERT, UPDATE, DELETE ON unanswered_groups, unanswered_questions TO ${app_role};
