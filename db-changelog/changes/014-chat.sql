--liquibase formatted sql
-- Answers: how each bot answers (LLM endpoint or extractive, wording when it does not know, daily
-- cap), which user message an answer replies to, and daily usage counters that quotas read.

--changeset parley:014-bot-answer-settings
ALTER TABLE bots
    ADD COLUMN unanswered_message  text NOT NULL DEFAULT '' CHECK (length(unanswered_message) <= 500),
    ADD COLUMN handoff_line        text NOT NULL DEFAULT '' CHECK (length(handoff_line) <= 300),
    ADD COLUMN llm_base_url        text CHECK (length(llm_base_url) <= 500),
    ADD COLUMN llm_model           text CHECK (length(llm_model) <= 200),
    ADD COLUMN llm_temperature     real CHECK (llm_temperature BETWEEN 0 AND 2),
    ADD COLUMN llm_max_tokens      integer CHECK (llm_max_tokens BETWEEN 16 AND 8192),
    -- AES-GCM ciphertext; the key lives outside the database (docs/decisions/DD-022-answer-settings.md).
    ADD COLUMN llm_api_key_sealed  text,
    ADD COLUMN max_messages_per_day integer CHECK (max_messages_per_day >= 0);

--changeset parley:014-replies
ALTER TABLE messages ADD COLUMN reply_to uuid;
ALTER TABLE messages ADD CONSTRAINT messages_reply_to_fk
    FOREIGN KEY (tenant_id, reply_to) REFERENCES messages (tenant_id, id) ON DELETE CASCADE;
-- One stored answer per question: a resent message never gets a second one.
CREATE UNIQUE INDEX messages_one_reply ON messages (tenant_id, reply_to) WHERE reply_to IS NOT NULL;
ALTER TABLE messages ADD CONSTRAINT messages_content_length CHECK (length(content) <= 20000);

--changeset parley:014-usage-daily
-- One row per bot and day. Quotas read it instead of counting messages; the console's dashboard
-- builds on the same daily grain.
CREATE TABLE usage_daily (
    tenant_id         uuid NOT NULL,
    bot_id            uuid NOT NULL,
    day               date NOT NULL,
    messages          integer NOT NULL DEFAULT 0 CHECK (messages >= 0),
    prompt_tokens     bigint NOT NULL DEFAULT 0 CHECK (prompt_tokens >= 0),
    completion_tokens bigint NOT NULL DEFAULT 0 CHECK (completion_tokens >= 0),
    PRIMARY KEY (tenant_id, bot_id, day),
    FOREIGN KEY (tenant_id, bot_id) REFERENCES bots (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX usage_daily_tenant_day_idx ON usage_daily (tenant_id, day);
ALTER TABLE usage_daily ENABLE ROW LEVEL SECURITY;
ALTER TABLE usage_daily FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON usage_daily
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

--changeset parley:014-grants runOnChange:true
GRANT SELECT, INSERT, UPDATE, DELETE ON usage_daily TO ${app_role};
