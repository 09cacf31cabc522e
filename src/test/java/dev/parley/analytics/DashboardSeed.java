package dev.parley.analytics;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Plausible chat traffic for one tenant, written in bulk with SQL (generate_series) so that the
 * triggers fill the aggregates as they do for any writer: busier recent days, a few common
 * questions and a long tail of one-off ones, an LLM bot (tokens, slower first token) and an
 * extractive one, some unanswered questions, ratings, and the usage counters quotas keep.
 * Works as the app role with the tenant bound, or as the owner (BYPASSRLS) for benchmarks. For a
 * tenant without conversations yet; rows are found by key, never by joins the planner could misjudge.
 */
public final class DashboardSeed {

    static final String COMMON = """
            ARRAY['Where is my order?', 'How do I return an item?', 'Do you ship abroad?', 'Can I pay by invoice?',
                  'How long does delivery take?', 'What is your refund policy?', 'Do you ship to Mars?',
                  'How do I change my delivery address?', 'Is there a warranty?', 'Do you have a student discount?',
                  'How do I reset my password?', 'Can I cancel my order?', 'Which payment methods do you accept?',
                  'Do you have a shop in Berlin?', 'How do I contact support?']""";

    private DashboardSeed() {}

    /**
     * {@code conversations} conversations over the last {@code days} days, {@code questionsEach}
     * questions (and as many answers) in each, 70% on {@code llmBot}, 30% on {@code extractiveBot}.
     */
    public static void seed(JdbcClient db, UUID tenant, UUID llmBot, UUID extractiveBot, int days, int conversations,
                            int questionsEach, int visitors) {
        db.sql("""
                INSERT INTO conversations (tenant_id, id, bot_id, visitor_id, started_at, last_message_at)
                SELECT ?, gen_random_uuid(), CASE WHEN random() < 0.7 THEN ?::uuid ELSE ?::uuid END,
                       'visitor-' || floor(random() * ?::int)::int, at, at
                FROM (SELECT now() - interval '5 minutes' - (1 - sqrt(random())) * ?::int * interval '1 day' AS at
                      FROM generate_series(1, ?::int)) g""")
                .params(tenant, llmBot, extractiveBot, visitors, days, conversations).update();
        db.sql("""
                INSERT INTO messages (tenant_id, id, conversation_id, role, content, created_at)
                SELECT c.tenant_id, gen_random_uuid(), c.id, 'USER',
                       CASE WHEN random() < 0.15 THEN 'Is order ' || floor(random() * 1000000)::int || ' on its way?'
                            ELSE (%s)[1 + floor(power(random(), 2.5) * 15)::int] END,
                       c.started_at + q * interval '20 seconds'
                FROM conversations c, generate_series(1, ?::int) q WHERE c.tenant_id = ? AND c.bot_id IN (?, ?)"""
                .formatted(COMMON)).params(questionsEach, tenant, llmBot, extractiveBot).update();
        db.sql("""
                INSERT INTO messages (tenant_id, id, conversation_id, role, content, mode, model, prompt_tokens, completion_tokens,
                                      first_token_ms, total_ms, reply_to, created_at)
                SELECT tenant_id, gen_random_uuid(), conversation_id, 'ASSISTANT', 'Here is what I found.', mode,
                       CASE WHEN mode = 'LLM' THEN 'gpt-4o-mini' END,
                       CASE WHEN mode = 'LLM' THEN 700 + floor(t * 600)::int END,
                       CASE WHEN mode = 'LLM' THEN 90 + floor(t * 160)::int END,
                       CASE WHEN mode = 'LLM' THEN 380 + floor(power(t, 2) * 1400)::int ELSE 15 + floor(t * 60)::int END,
                       CASE WHEN mode = 'LLM' THEN 1800 + floor(t * 3000)::int ELSE 40 + floor(t * 120)::int END,
                       id, created_at + interval '3 seconds'
                FROM (SELECT m.tenant_id, m.id, m.conversation_id, m.created_at, random() AS t,
                             CASE WHEN m.content = 'Do you ship to Mars?' OR (m.content LIKE 'Is order %' AND random() < 0.6)
                                       OR random() < 0.05 THEN 'UNANSWERED'
                                  WHEN (SELECT c.bot_id FROM conversations c WHERE c.tenant_id = m.tenant_id
                                        AND c.id = m.conversation_id) = ? THEN 'LLM' ELSE 'EXTRACTIVE' END AS mode
                      FROM messages m WHERE m.tenant_id = ? AND m.role = 'USER') q""")
                .params(llmBot, tenant).update();
        db.sql("""
                INSERT INTO feedback (tenant_id, id, message_id, rating, created_at)
                SELECT tenant_id, gen_random_uuid(), id,
                       CASE WHEN random() < (CASE WHEN mode = 'UNANSWERED' THEN 0.25 ELSE 0.85 END) THEN 1 ELSE -1 END,
                       created_at + interval '1 minute'
                FROM messages m WHERE tenant_id = ? AND role = 'ASSISTANT' AND random() < 0.25""")
                .params(tenant).update();
        // What quotas count as the chat runs: visitor messages, and tokens when an answer is done.
        db.sql("""
                INSERT INTO usage_daily AS u (tenant_id, bot_id, day, messages, prompt_tokens, completion_tokens)
                SELECT m.tenant_id, (SELECT c.bot_id FROM conversations c WHERE c.tenant_id = m.tenant_id AND c.id = m.conversation_id),
                       (m.created_at AT TIME ZONE 'UTC')::date, count(*) FILTER (WHERE m.role = 'USER'),
                       coalesce(sum(m.prompt_tokens), 0), coalesce(sum(m.completion_tokens), 0)
                FROM messages m WHERE m.tenant_id = ? GROUP BY 1, 2, 3
                ON CONFLICT (tenant_id, bot_id, day) DO UPDATE SET messages = excluded.messages,
                    prompt_tokens = excluded.prompt_tokens, completion_tokens = excluded.completion_tokens""")
                .params(tenant).update();
    }
}
