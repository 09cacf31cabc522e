package dev.parley.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.IntegrationTest;
import dev.parley.TestWorkspaces;
import dev.parley.chat.ChatCaller;
import dev.parley.chat.ChatTurns;
import dev.parley.chat.ConversationService;
import dev.parley.chat.SourceRef;
import dev.parley.chat.Turn;
import dev.parley.chat.TurnListener;
import dev.parley.knowledge.AwaitDocument;
import dev.parley.knowledge.KnowledgeService;
import dev.parley.shared.TenantContext;
import dev.parley.tenancy.InvalidInputException;
import dev.parley.tenancy.ParleyPrincipal;
import dev.parley.tenancy.Role;
import dev.parley.tenancy.TeamService;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The dashboard's numbers, read from the aggregates the triggers keep, equal the same numbers
 * counted directly over conversations, messages and feedback: through the real chat path and
 * for rows written in bulk over several days, per day and over the range, per bot and per tenant.
 */
class DashboardAggregatesTest extends IntegrationTest {

    @Autowired TestWorkspaces workspaces;
    @Autowired DashboardService dashboards;
    @Autowired ConversationService conversations;
    @Autowired ChatTurns turns;
    @Autowired KnowledgeService knowledge;
    @Autowired TeamService team;
    @Autowired JdbcClient jdbc;
    @Autowired TransactionTemplate tx;

    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void aggregatesEqualDirectCountsPerDayPerBotAndPerTenant() {
        ParleyPrincipal owner = workspaces.newOwner();
        UUID shop = workspaces.newBot("Shop helper").id();
        UUID docs = workspaces.newBot("Docs helper").id();
        AwaitDocument.finished(knowledge, knowledge.addText(shop, "Shipping", "Orders ship by courier within two working days. "
                + "Shipping inside the country is free for orders over 50 euros.").id());

        // The real chat path: an answer, an unanswered question, a resent message, a rating changed.
        ChatCaller visitor = ChatCaller.apiKey(owner.tenant(), "visitor-real");
        UUID conversation = conversations.start(visitor, shop).id();
        UUID answer = ask(visitor, conversation, "How fast do orders ship?", "k1");
        ask(visitor, conversation, "How fast do orders ship?", "k1");
        ask(visitor, conversation, "Can I pay with seashells on Mars?", "k2");
        conversations.rate(visitor, answer, 1, null);
        conversations.rate(visitor, answer, -1, "too slow");

        // Bulk rows over the last twelve days, written as any other writer would (app role, RLS).
        inTenant(owner, db -> seed(db, shop, docs));
        // Another workspace's traffic must not show up.
        ParleyPrincipal other = workspaces.newOwner();
        UUID otherBot = workspaces.newBot("Other").id();
        inTenant(other, db -> seed(db, otherBot, otherBot));
        workspaces.signIn(owner);

        LocalDate from = TODAY.minusDays(12);
        for (UUID bot : new UUID[] {null, shop, docs}) {
            Dashboard d = dashboards.load(bot, from, TODAY);
            Map<String, Object> direct = inTenant(owner, db -> direct(db, bot, from, TODAY));
            assertThat(d.totals().conversations()).as("conversations, bot %s", bot).isEqualTo(direct.get("conversations"));
            assertThat(d.totals().questions()).as("questions").isEqualTo(direct.get("questions"));
            assertThat(d.totals().answers()).as("answers").isEqualTo(direct.get("answers"));
            assertThat(d.totals().unanswered()).as("unanswered").isEqualTo(direct.get("unanswered"));
            assertThat(d.totals().visitors()).as("visitors").isEqualTo(direct.get("visitors"));
            assertThat(d.totals().thumbsUp()).as("thumbs up").isEqualTo(direct.get("up"));
            assertThat(d.totals().thumbsDown()).as("thumbs down").isEqualTo(direct.get("down"));
            assertThat(d.totals().medianFirstTokenMs()).as("median first token").isEqualTo(direct.get("median"));
            assertThat(d.days()).hasSize(13);
            for (Dashboard.Day day : d.days()) {
                Map<String, Object> directDay = inTenant(owner, db -> direct(db, bot, day.day(), day.day()));
                assertThat(List.of(day.conversations(), day.questions(), day.answers(), day.unanswered(), day.visitors(),
                        day.thumbsUp(), day.thumbsDown())).as("day %s, bot %s", day.day(), bot).isEqualTo(List.of(
                        directDay.get("conversations"), directDay.get("questions"), directDay.get("answers"),
                        directDay.get("unanswered"), directDay.get("visitors"), directDay.get("up"), directDay.get("down")));
                assertThat(day.medianFirstTokenMs()).as("median on %s", day.day()).isEqualTo(directDay.get("median"));
            }
            List<Object[]> top = inTenant(owner, db -> topDirect(db, bot, from, TODAY));
            assertThat(d.topQuestions()).hasSize(Math.min(10, top.size()));
            for (int i = 0; i < d.topQuestions().size(); i++) {
                Dashboard.TopQuestion q = d.topQuestions().get(i);
                assertThat(new Object[] {q.asked(), q.unanswered()}).as("top question %d: %s", i, q.question())
                        .isEqualTo(new Object[] {top.get(i)[1], top.get(i)[2]});
            }
        }
        Dashboard all = dashboards.load(null, from, TODAY);
        assertThat(all.totals().conversations()).isEqualTo(1 + 40);
        assertThat(all.totals().thumbsDown()).as("the changed rating moved from up to down").isGreaterThanOrEqualTo(1);
        assertThat(all.topQuestions().getFirst().question()).isIn("Where is my order?", "where is my ORDER");
        assertThat(all.topQuestions().getFirst().asked()).as("case, spaces and punctuation do not split a question")
                .isEqualTo(inTenant(owner, db -> db.sql("SELECT count(*) FROM messages WHERE lower(content) LIKE 'where%is my order%'")
                        .query(Long.class).single()));
    }

    @Test
    void tokensAndCostComeFromTheUsageCounters() {
        ParleyPrincipal owner = workspaces.newOwner();
        UUID bot = workspaces.newBot("Tokens").id();
        inTenant(owner, db -> db.sql("""
                INSERT INTO usage_daily (tenant_id, bot_id, day, messages, prompt_tokens, completion_tokens)
                VALUES (current_setting('app.tenant_id')::uuid, ?, ?, 3, 10000, 2000),
                       (current_setting('app.tenant_id')::uuid, ?, ?, 1, 5000, 1000)""")
                .params(bot, TODAY, bot, TODAY.minusDays(1)).update());

        Dashboard d = dashboards.load(bot, TODAY.minusDays(6), TODAY);

        assertThat(d.totals().promptTokens()).isEqualTo(15000);
        assertThat(d.totals().completionTokens()).isEqualTo(3000);
        // Defaults: 0.00015 per 1k prompt tokens, 0.0006 per 1k completion tokens.
        assertThat(d.totals().estimatedCost()).isEqualByComparingTo("0.0041");
        assertThat(d.days().getLast().promptTokens()).isEqualTo(10000);
        assertThat(d.isEmpty()).as("tokens alone are no conversation").isTrue();
    }

    @Test
    void aReversedMissingOrTooLongRangeIsRefusedNextToItsField() {
        workspaces.newOwner();
        assertThatThrownBy(() -> dashboards.load(null, TODAY, TODAY.minusDays(1)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fieldErrors())
                        .containsEntry("from", "The first day is after the last day."));
        assertThatThrownBy(() -> dashboards.load(null, null, TODAY))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fieldErrors()).containsKey("from"));
        assertThatThrownBy(() -> dashboards.load(null, TODAY.minusDays(400), TODAY))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fieldErrors())
                        .containsEntry("to", "Show at most 366 days at once."));
    }

    @Test
    void onlyAdminsAndOwnersSeeTheDashboard() {
        ParleyPrincipal owner = workspaces.newOwner();
        String email = "support-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        var link = team.invite(email, Role.SUPPORT);
        ParleyPrincipal support = team.accept(link.token(), "Sam Support", "correct-horse-42");
        workspaces.signIn(support);
        assertThatThrownBy(() -> dashboards.load(null, TODAY, TODAY)).isInstanceOf(AccessDeniedException.class);
        workspaces.signIn(owner);
        assertThat(dashboards.load(null, TODAY, TODAY).isEmpty()).isTrue();
    }

    private UUID ask(ChatCaller caller, UUID conversation, String question, String key) {
        Turn turn = turns.accept(caller, conversation, question, key);
        AtomicReference<UUID> id = new AtomicReference<>();
        turns.answer(turn, new TurnListener() {
            @Override public void sources(List<SourceRef> sources) {}
            @Override public void delta(String text) {}
            @Override public void done(Done done) {
                id.set(done.messageId());
            }
            @Override public void error(Failure failure) {
                throw new AssertionError(failure.message());
            }
        });
        return id.get();
    }

    /**
     * 40 conversations over 12 days on two bots, 9 visitors; three questions each (one of five
     * wordings, some differing only in case and punctuation), answers of every mode with varied
     * first-token times, a broken answer that must not count, and ratings.
     */
    private static Void seed(JdbcClient db, UUID botA, UUID botB) {
        db.sql("""
                INSERT INTO conversations (tenant_id, id, bot_id, visitor_id, started_at)
                SELECT current_setting('app.tenant_id')::uuid, gen_random_uuid(), CASE WHEN g % 3 = 0 THEN ?::uuid ELSE ?::uuid END,
                       'visitor-' || (g % 9), now() - (g % 12) * interval '1 day' - interval '1 minute'
                FROM generate_series(1, 40) g""").params(botB, botA).update();
        db.sql("""
                INSERT INTO messages (tenant_id, id, conversation_id, role, content, created_at)
                SELECT c.tenant_id, gen_random_uuid(), c.id, 'USER',
                       (ARRAY['Where is my order?', 'where is my ORDER', 'How do I return an item?', 'Do you ship abroad?',
                              'Can I pay by invoice?'])[1 + (q + hashtext(c.id::text) & 1023) % 5],
                       c.started_at + q * interval '10 seconds'
                FROM conversations c, generate_series(1, 3) q WHERE c.visitor_id LIKE 'visitor-%' AND c.visitor_id <> 'visitor-real'""")
                .update();
        db.sql("""
                INSERT INTO messages (tenant_id, id, conversation_id, role, content, mode, first_token_ms, complete, reply_to, created_at)
                SELECT m.tenant_id, gen_random_uuid(), m.conversation_id, 'ASSISTANT', 'An answer',
                       (ARRAY['EXTRACTIVE', 'LLM', 'UNANSWERED', 'FALLBACK'])[1 + (hashtext(m.id::text) & 1023) % 4],
                       CASE WHEN hashtext(m.id::text) % 7 = 0 THEN NULL ELSE 40 + (hashtext(m.id::text) & 4095) END,
                       hashtext(m.id::text) % 11 <> 0, m.id, m.created_at + interval '2 seconds'
                FROM messages m JOIN conversations c ON c.tenant_id = m.tenant_id AND c.id = m.conversation_id
                WHERE m.role = 'USER' AND c.visitor_id <> 'visitor-real'""").update();
        db.sql("""
                INSERT INTO feedback (tenant_id, id, message_id, rating)
                SELECT tenant_id, gen_random_uuid(), id, CASE WHEN hashtext(id::text) % 3 = 0 THEN -1 ELSE 1 END
                FROM messages WHERE role = 'ASSISTANT' AND complete AND hashtext(id::text) % 2 = 0 AND content = 'An answer'""").update();
        // Some visitors change their mind: the UPDATE trigger moves their thumbs.
        db.sql("UPDATE feedback SET rating = -rating WHERE hashtext(id::text) % 4 = 0").update();
        return null;
    }

    private static final String BOT = " AND (?::uuid IS NULL OR c.bot_id = ?::uuid)";

    private static Map<String, Object> direct(JdbcClient db, UUID bot, LocalDate from, LocalDate to) {
        String day = "(%s AT TIME ZONE 'UTC')::date BETWEEN ? AND ?";
        long conversations = db.sql("SELECT count(*) FROM conversations c WHERE " + day.formatted("c.started_at") + BOT)
                .params(from, to, bot, bot).query(Long.class).single();
        String messages = " FROM messages m JOIN conversations c ON c.tenant_id = m.tenant_id AND c.id = m.conversation_id WHERE "
                + day.formatted("m.created_at") + BOT;
        long questions = db.sql("SELECT count(*)" + messages + " AND m.role = 'USER'").params(from, to, bot, bot).query(Long.class).single();
        long answers = db.sql("SELECT count(*)" + messages + " AND m.role = 'ASSISTANT' AND m.complete").params(from, to, bot, bot)
                .query(Long.class).single();
        long unanswered = db.sql("SELECT count(*)" + messages + " AND m.role = 'ASSISTANT' AND m.complete AND m.mode = 'UNANSWERED'")
                .params(from, to, bot, bot).query(Long.class).single();
        long visitors = db.sql("SELECT count(DISTINCT c.visitor_id)" + messages + " AND m.role = 'USER'").params(from, to, bot, bot)
                .query(Long.class).single();
        long up = db.sql("SELECT count(*)" + messages + " AND EXISTS (SELECT 1 FROM feedback f WHERE f.message_id = m.id AND f.rating = 1)")
                .params(from, to, bot, bot).query(Long.class).single();
        long down = db.sql("SELECT count(*)" + messages + " AND EXISTS (SELECT 1 FROM feedback f WHERE f.message_id = m.id AND f.rating = -1)")
                .params(from, to, bot, bot).query(Long.class).single();
        Integer median = db.sql("SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY parley_latency_bucket(m.first_token_ms))" + messages
                        + " AND m.role = 'ASSISTANT' AND m.complete AND m.first_token_ms IS NOT NULL")
                .params(from, to, bot, bot).query(Integer.class).optional().orElse(null);
        var result = new java.util.HashMap<String, Object>();
        result.putAll(Map.of("conversations", conversations, "questions", questions, "answers", answers, "unanswered", unanswered,
                "visitors", visitors, "up", up, "down", down));
        result.put("median", median);
        return result;
    }

    private static List<Object[]> topDirect(JdbcClient db, UUID bot, LocalDate from, LocalDate to) {
        return new ArrayList<>(db.sql("""
                SELECT parley_question_key(m.content), count(*),
                       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM messages r WHERE r.reply_to = m.id AND r.complete AND r.mode = 'UNANSWERED'))
                FROM messages m JOIN conversations c ON c.tenant_id = m.tenant_id AND c.id = m.conversation_id
                WHERE m.role = 'USER' AND (m.created_at AT TIME ZONE 'UTC')::date BETWEEN ? AND ?""" + BOT + """
                 GROUP BY 1 ORDER BY 2 DESC, 1""").params(from, to, bot, bot)
                .query((rs, n) -> new Object[] {rs.getObject(1), rs.getLong(2), rs.getLong(3)}).list());
    }

    private <T> T inTenant(ParleyPrincipal member, java.util.function.Function<JdbcClient, T> work) {
        SecurityContextHolder.clearContext();
        try {
            return TenantContext.callAs(member.tenant(), member.user(), () -> tx.execute(status -> work.apply(jdbc)));
        } finally {
            workspaces.signIn(member);
        }
    }
}
