--liquibase formatted sql
-- Conversations as far as they are known now; the Answers issue extends them.

--changeset parley:003-conversations
CREATE TABLE conversations (
    tenant_id       uuid NOT NULL,
    id              uuid NOT NULL,
    bot_id          uuid NOT NULL,
    visitor_id      text NOT NULL,
    status          text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'RESOLVED')),
    started_at      timestamptz NOT NULL DEFAULT now(),
    last_message_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, bot_id) REFERENCES bots (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX conversations_bot_idx ON conversations (tenant_id, bot_id, last_message_at DESC);
ALTER TABLE conversations ENABLE ROW LEVEL SECURITY;
ALTER TABLE conversations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON conversations
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

--changeset parley:003-messages
CREATE TABLE messages (
    tenant_id         uuid NOT NULL,
    id                uuid NOT NULL,
    conversation_id   uuid NOT NULL,
    role              text NOT NULL CHECK (role IN ('USER', 'ASSISTANT')),
    content           text NOT NULL,
    mode              text CHECK (mode IN ('LLM', 'EXTRACTIVE', 'FALLBACK', 'UNANSWERED')),
    sources           jsonb NOT NULL DEFAULT '[]',
    model             text,
    prompt_tokens     integer,
    completion_tokens integer,
    first_token_ms    integer,
    total_ms          integer,
    complete          boolean NOT NULL DEFAULT true,
    idempotency_key   text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, conversation_id, idempotency_key),
    FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX messages_conversation_idx ON messages (tenant_id, conversation_id, created_at);
ALTER TABLE messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE messages FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON messages
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

--changeset parley:003-feedback
CREATE TABLE feedback (
    tenant_id  uuid NOT NULL,
    id         uuid NOT NULL,
    message_id uuid NOT NULL,
    rating     smallint NOT NULL CHECK (rating IN (-1, 1)),
    comment    text CHECK (length(comment) <= 2000),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, message_id),
    FOREIGN KEY (tenant_id, message_id) REFERENCES messages (tenant_id, id) ON DELETE CASCADE
);
ALTER TABLE feedback ENABLE ROW LEVEL SECURITY;
ALTER TABLE feedback FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON feedback
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
