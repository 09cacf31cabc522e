--liquibase formatted sql
-- Dashboard numbers as daily aggregates per bot (docs/decisions/DD-043-dashboard-aggregates.md).
-- Statement-level triggers keep them in the very transaction that writes the chat rows, so no
-- writer (chat API, widget, imports, a bulk seed) can skip them, and a bulk insert costs one
-- grouped upsert per table instead of one per row. Days are UTC, like usage_daily. Tokens come
-- from usage_daily, which quotas already keep.

--changeset parley:018-analytics-tables
-- Counters per bot and day. Conversations count on the day they start; questions, answers and
-- unanswered answers on the day they are written; thumbs on the day of the rated answer.
CREATE TABLE analytics_daily (
    tenant_id     uuid NOT NULL,
    bot_id        uuid NOT NULL,
    day           date NOT NULL,
    conversations integer NOT NULL DEFAULT 0,
    questions     integer NOT NULL DEFAULT 0,
    answers       integer NOT NULL DEFAULT 0,
    unanswered    integer NOT NULL DEFAULT 0,
    thumbs_up     integer NOT NULL DEFAULT 0,
    thumbs_down   integer NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, bot_id, day),
    FOREIGN KEY (tenant_id, bot_id) REFERENCES bots (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX analytics_daily_tenant_day_idx ON analytics_daily (tenant_id, day);

-- Who asked something on a day: unique visitors over any range are a count of distinct rows.
-- The visitor id is kept as its MD5 (fixed width), which is all a count needs.
CREATE TABLE analytics_daily_visitors (
    tenant_id uuid NOT NULL,
    bot_id    uuid NOT NULL,
    day       date NOT NULL,
    visitor   uuid NOT NULL,
    PRIMARY KEY (tenant_id, bot_id, day, visitor),
    FOREIGN KEY (tenant_id, bot_id) REFERENCES bots (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX analytics_daily_visitors_tenant_day_idx ON analytics_daily_visitors (tenant_id, day, visitor);

-- Time to first token as a histogram per day: medians over any range come from summed buckets.
-- A bucket is the time rounded down to two significant digits (exact below 100 ms).
CREATE TABLE analytics_daily_latency (
    tenant_id      uuid NOT NULL,
    bot_id         uuid NOT NULL,
    day            date NOT NULL,
    first_token_ms integer NOT NULL,
    answers        integer NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, bot_id, day, first_token_ms),
    FOREIGN KEY (tenant_id, bot_id) REFERENCES bots (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX analytics_daily_latency_tenant_day_idx ON analytics_daily_latency (tenant_id, day);

-- Questions per day, grouped by their normalised text (case, spaces and punctuation do not count).
CREATE TABLE analytics_daily_questions (
    tenant_id    uuid NOT NULL,
    bot_id       uuid NOT NULL,
    day          date NOT NULL,
    question_key uuid NOT NULL,
    question     text NOT NULL CHECK (length(question) <= 300),
    asked        integer NOT NULL DEFAULT 0,
    unanswered   integer NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, bot_id, day, question_key),
    FOREIGN KEY (tenant_id, bot_id) REFERENCES bots (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX analytics_daily_questions_tenant_day_idx ON analytics_daily_questions (tenant_id, day);

--changeset parley:018-analytics-rls
ALTER TABLE analytics_daily ENABLE ROW LEVEL SECURITY;
ALTER TABLE analytics_daily FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON analytics_daily
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
ALTER TABLE analytics_daily_visitors ENABLE ROW LEVEL SECURITY;
ALTER TABLE analytics_daily_visitors FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON analytics_daily_visitors
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
ALTER TABLE analytics_daily_latency ENABLE ROW LEVEL SECURITY;
ALTER TABLE analytics_daily_latency FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON analytics_daily_latency
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
ALTER TABLE analytics_daily_questions ENABLE ROW LEVEL SECURITY;
ALTER TABLE analytics_daily_questions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON analytics_daily_questions
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

--changeset parley:018-analytics-functions splitStatements:false
CREATE FUNCTION parley_question_key(p_content text) RETURNS uuid
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN md5(btrim(regexp_replace(lower(p_content), '[[:space:][:punct:]]+', ' ', 'g')))::uuid;

CREATE FUNCTION parley_latency_bucket(p_ms integer) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN p_ms < 100 THEN greatest(p_ms, 0)
                ELSE p_ms - p_ms % (10 ^ (length(p_ms::text) - 2))::integer END;

-- The trigger functions run as the writer (SECURITY INVOKER): RLS applies to what they read and
-- write exactly as it applies to the chat rows that fired them. They read other rows only by
-- primary key through scalar subqueries and write only through upserts on primary keys: under RLS
-- the planner often believes a fresh tenant has one row, and a join it plans on that belief scans
-- the tenant's rows once per changed row; a key lookup cannot.
CREATE FUNCTION parley_analytics_conversations() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
BEGIN
    INSERT INTO analytics_daily AS a (tenant_id, bot_id, day, conversations)
    SELECT n.tenant_id, n.bot_id, (n.started_at AT TIME ZONE 'UTC')::date, count(*) FROM new_rows n GROUP BY 1, 2, 3
    ON CONFLICT (tenant_id, bot_id, day) DO UPDATE SET conversations = a.conversations + excluded.conversations;
    RETURN NULL;
END
$$;

CREATE FUNCTION parley_analytics_messages() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
BEGIN
    -- Questions, their visitors and their normalised text.
    WITH q AS MATERIALIZED (
        SELECT n.tenant_id, (n.created_at AT TIME ZONE 'UTC')::date AS day, n.content,
               (SELECT c.bot_id FROM conversations c WHERE c.tenant_id = n.tenant_id AND c.id = n.conversation_id) AS bot_id,
               (SELECT c.visitor_id FROM conversations c WHERE c.tenant_id = n.tenant_id AND c.id = n.conversation_id) AS visitor_id
        FROM new_rows n WHERE n.role = 'USER'
    ), counted AS (
        INSERT INTO analytics_daily AS a (tenant_id, bot_id, day, questions)
        SELECT tenant_id, bot_id, day, count(*) FROM q GROUP BY 1, 2, 3
        ON CONFLICT (tenant_id, bot_id, day) DO UPDATE SET questions = a.questions + excluded.questions
    ), seen AS (
        INSERT INTO analytics_daily_visitors (tenant_id, bot_id, day, visitor)
        SELECT DISTINCT tenant_id, bot_id, day, md5(visitor_id)::uuid FROM q
        ON CONFLICT DO NOTHING
    )
    INSERT INTO analytics_daily_questions AS a (tenant_id, bot_id, day, question_key, question, asked)
    SELECT tenant_id, bot_id, day, parley_question_key(content), min(left(btrim(content), 300)), count(*)
    FROM q GROUP BY 1, 2, 3, 4
    ON CONFLICT (tenant_id, bot_id, day, question_key) DO UPDATE SET asked = a.asked + excluded.asked;

    -- Whole answers (a broken one is replaced by a whole one when the visitor sends again). An
    -- unanswered one also counts on its question's row, found by the question's day and text.
    WITH r AS MATERIALIZED (
        SELECT n.tenant_id, (n.created_at AT TIME ZONE 'UTC')::date AS day, n.mode, n.first_token_ms,
               (SELECT c.bot_id FROM conversations c WHERE c.tenant_id = n.tenant_id AND c.id = n.conversation_id) AS bot_id,
               CASE WHEN n.mode = 'UNANSWERED' THEN (SELECT m.content FROM messages m
                    WHERE m.tenant_id = n.tenant_id AND m.id = n.reply_to) END AS question,
               CASE WHEN n.mode = 'UNANSWERED' THEN (SELECT (m.created_at AT TIME ZONE 'UTC')::date FROM messages m
                    WHERE m.tenant_id = n.tenant_id AND m.id = n.reply_to) END AS question_day
        FROM new_rows n WHERE n.role = 'ASSISTANT' AND n.complete
    ), counted AS (
        INSERT INTO analytics_daily AS a (tenant_id, bot_id, day, answers, unanswered)
        SELECT tenant_id, bot_id, day, count(*), count(*) FILTER (WHERE mode = 'UNANSWERED') FROM r GROUP BY 1, 2, 3
        ON CONFLICT (tenant_id, bot_id, day) DO UPDATE
            SET answers = a.answers + excluded.answers, unanswered = a.unanswered + excluded.unanswered
    ), timed AS (
        INSERT INTO analytics_daily_latency AS a (tenant_id, bot_id, day, first_token_ms, answers)
        SELECT tenant_id, bot_id, day, parley_latency_bucket(first_token_ms), count(*) FROM r
        WHERE first_token_ms IS NOT NULL GROUP BY 1, 2, 3, 4
        ON CONFLICT (tenant_id, bot_id, day, first_token_ms) DO UPDATE SET answers = a.answers + excluded.answers
    )
    INSERT INTO analytics_daily_questions AS a (tenant_id, bot_id, day, question_key, question, unanswered)
    SELECT tenant_id, bot_id, question_day, parley_question_key(question), min(left(btrim(question), 300)), count(*)
    FROM r WHERE question IS NOT NULL GROUP BY 1, 2, 3, 4
    ON CONFLICT (tenant_id, bot_id, day, question_key) DO UPDATE SET unanswered = a.unanswered + excluded.unanswered;
    RETURN NULL;
END
$$;

-- The rated answer's day and bot, looked up by key (message, then its conversation).
CREATE FUNCTION parley_analytics_feedback_added() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
BEGIN
    WITH f AS MATERIALIZED (
        SELECT n.tenant_id, n.rating,
               (SELECT (m.created_at AT TIME ZONE 'UTC')::date FROM messages m WHERE m.tenant_id = n.tenant_id AND m.id = n.message_id) AS day,
               (SELECT (SELECT c.bot_id FROM conversations c WHERE c.tenant_id = m.tenant_id AND c.id = m.conversation_id)
                FROM messages m WHERE m.tenant_id = n.tenant_id AND m.id = n.message_id) AS bot_id
        FROM new_rows n
    )
    INSERT INTO analytics_daily AS a (tenant_id, bot_id, day, thumbs_up, thumbs_down)
    SELECT tenant_id, bot_id, day, count(*) FILTER (WHERE rating = 1), count(*) FILTER (WHERE rating = -1)
    FROM f GROUP BY 1, 2, 3
    ON CONFLICT (tenant_id, bot_id, day) DO UPDATE
        SET thumbs_up = a.thumbs_up + excluded.thumbs_up, thumbs_down = a.thumbs_down + excluded.thumbs_down;
    RETURN NULL;
END
$$;

-- Rating again replaces the earlier rating: move the count from the old thumb to the new one.
CREATE FUNCTION parley_analytics_feedback_changed() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public
AS $$
BEGIN
    WITH f AS MATERIALIZED (
        SELECT n.tenant_id, (n.rating = 1)::integer - (o.rating = 1)::integer AS up,
               (n.rating = -1)::integer - (o.rating = -1)::integer AS down,
               (SELECT (m.created_at AT TIME ZONE 'UTC')::date FROM messages m WHERE m.tenant_id = n.tenant_id AND m.id = n.message_id) AS day,
               (SELECT (SELECT c.bot_id FROM conversations c WHERE c.tenant_id = m.tenant_id AND c.id = m.conversation_id)
                FROM messages m WHERE m.tenant_id = n.tenant_id AND m.id = n.message_id) AS bot_id
        FROM new_rows n JOIN old_rows o ON o.tenant_id = n.tenant_id AND o.id = n.id
        WHERE n.rating <> o.rating
    )
    INSERT INTO analytics_daily AS a (tenant_id, bot_id, day, thumbs_up, thumbs_down)
    SELECT tenant_id, bot_id, day, sum(up), sum(down) FROM f GROUP BY 1, 2, 3
    ON CONFLICT (tenant_id, bot_id, day) DO UPDATE
        SET thumbs_up = a.thumbs_up + excluded.thumbs_up, thumbs_down = a.thumbs_down + excluded.thumbs_down;
    RETURN NULL;
END
$$;

--changeset parley:018-analytics-triggers
CREATE TRIGGER analytics_conversations AFTER INSERT ON conversations
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION parley_analytics_conversations();
CREATE TRIGGER analytics_messages AFTER INSERT ON messages
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION parley_analytics_messages();
CREATE TRIGGER analytics_feedback_added AFTER INSERT ON feedback
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION parley_analytics_feedback_added();
CREATE TRIGGER analytics_feedback_changed AFTER UPDATE ON feedback
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION parley_analytics_feedback_changed();

--changeset parley:018-analytics-backfill
-- What was written before this change, as the triggers would have counted it (runs as the owner).
INSERT INTO analytics_daily (tenant_id, bot_id, day, conversations)
SELECT tenant_id, bot_id, (started_at AT TIME ZONE 'UTC')::date, count(*) FROM conversations GROUP BY 1, 2, 3;

INSERT INTO analytics_daily AS a (tenant_id, bot_id, day, questions, answers, unanswered)
SELECT m.tenant_id, c.bot_id, (m.created_at AT TIME ZONE 'UTC')::date,
       count(*) FILTER (WHERE m.role = 'USER'),
       count(*) FILTER (WHERE m.role = 'ASSISTANT' AND m.complete),
       count(*) FILTER (WHERE m.role = 'ASSISTANT' AND m.complete AND m.mode = 'UNANSWERED')
FROM messages m JOIN conversations c ON c.tenant_id = m.tenant_id AND c.id = m.conversation_id
GROUP BY 1, 2, 3
ON CONFLICT (tenant_id, bot_id, day) DO UPDATE
    SET questions = excluded.questions, answers = excluded.answers, unanswered = excluded.unanswered;

INSERT INTO analytics_daily AS a (tenant_id, bot_id, day, thumbs_up, thumbs_down)
SELECT m.tenant_id, c.bot_id, (m.created_at AT TIME ZONE 'UTC')::date,
       count(*) FILTER (WHERE f.rating = 1), count(*) FILTER (WHERE f.rating = -1)
FROM feedback f JOIN messages m ON m.tenant_id = f.tenant_id AND m.id = f.message_id
                JOIN conversations c ON c.tenant_id = m.tenant_id AND c.id = m.conversation_id
GROUP BY 1, 2, 3
ON CONFLICT (tenant_id, bot_id, day) DO UPDATE SET thumbs_up = excluded.thumbs_up, thumbs_down = excluded.thumbs_down;

INSERT INTO analytics_daily_visitors (tenant_id, bot_id, day, visitor)
SELECT DISTINCT m.tenant_id, c.bot_id, (m.created_at AT TIME ZONE 'UTC')::date, md5(c.visitor_id)::uuid
FROM messages m JOIN conversations c ON c.tenant_id = m.tenant_id AND c.id = m.conversation_id
WHERE m.role = 'USER';

INSERT INTO analytics_daily_latency (tenant_id, bot_id, day, first_token_ms, answers)
SELECT m.tenant_id, c.bot_id, (m.created_at AT TIME ZONE 'UTC')::date, parley_latency_bucket(m.first_token_ms), count(*)
FROM messages m JOIN conversations c ON c.tenant_id = m.tenant_id AND c.id = m.conversation_id
WHERE m.role = 'ASSISTANT' AND m.complete AND m.first_token_ms IS NOT NULL
GROUP BY 1, 2, 3, 4;

INSERT INTO analytics_daily_questions (tenant_id, bot_id, day, question_key, question, asked, unanswered)
SELECT m.tenant_id, c.bot_id, (m.created_at AT TIME ZONE 'UTC')::date, parley_question_key(m.content),
       min(left(btrim(m.content), 300)), count(*),
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM messages r WHERE r.tenant_id = m.tenant_id AND r.reply_to = m.id
                                                         AND r.complete AND r.mode = 'UNANSWERED'))
FROM messages m JOIN conversations c ON c.tenant_id = m.tenant_id AND c.id = m.conversation_id
WHERE m.role = 'USER'
GROUP BY 1, 2, 3, 4;

--changeset parley:018-analytics-grants runOnChange:true
GRANT SELECT, INSERT, UPDATE, DELETE ON analytics_daily, analytics_daily_visitors, analytics_daily_latency,
    analytics_daily_questions TO ${app_role};
