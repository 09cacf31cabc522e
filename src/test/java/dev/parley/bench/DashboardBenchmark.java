package dev.parley.bench;

import dev.parley.IntegrationTest;
import dev.parley.TestWorkspaces;
import dev.parley.analytics.Dashboard;
import dev.parley.analytics.DashboardSeed;
import dev.parley.analytics.DashboardService;
import dev.parley.platform.OwnerDatabase;
import dev.parley.shared.TenantContext;
import dev.parley.tenancy.ParleyPrincipal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Server time of the dashboard for a tenant holding 1,000,000 messages (250,000 conversations of two
 * questions and two answers over 90 days, two bots, 50,000 visitors), read from the daily aggregates,
 * against the baseline of the same numbers computed directly from the messages, in the same run, as
 * the app role under RLS. Not part of the suite (no Test suffix): bench/dashboard.sh runs it.
 */
class DashboardBenchmark extends IntegrationTest {

    static final int CONVERSATIONS = Integer.getInteger("bench.conversations", 250_000);
    static final int RUNS = Integer.getInteger("bench.runs", 21);
    static final int BASELINE_RUNS = Integer.getInteger("bench.baselineRuns", 5);

    @Autowired TestWorkspaces workspaces;
    @Autowired DashboardService dashboards;
    @Autowired ApplicationContext context;
    @Autowired JdbcClient jdbc;
    @Autowired TransactionTemplate tx;

    @Test
    void dashboardAtAMillionMessages() {
        ParleyPrincipal owner = workspaces.newOwner();
        UUID llm = workspaces.newBot("Shop assistant").id();
        UUID extractive = workspaces.newBot("Help centre").id();
        JdbcClient ownerDb = OwnerDatabase.jdbc(context);
        long seedStart = System.nanoTime();
        DashboardSeed.seed(ownerDb, owner.tenant().value(), llm, extractive, 90, CONVERSATIONS, 2, 50_000);
        double seedS = (System.nanoTime() - seedStart) / 1e9;
        for (String table : new String[] {"conversations", "messages", "feedback", "usage_daily", "analytics_daily",
                "analytics_daily_visitors", "analytics_daily_latency", "analytics_daily_questions"}) {
            ownerDb.sql("ANALYZE " + table).update();
        }
        long messages = ownerDb.sql("SELECT count(*) FROM messages WHERE tenant_id = ?").param(owner.tenant().value())
                .query(Long.class).single();
        long questionRows = ownerDb.sql("SELECT count(*) FROM analytics_daily_questions WHERE tenant_id = ?")
                .param(owner.tenant().value()).query(Long.class).single();
        System.out.printf("%nDASH tenant: %,d messages, %,d conversations, seeded with aggregates in %.0f s; %,d question-day rows%n",
                messages, CONVERSATIONS, seedS, questionRows);

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        record Case(String name, UUID bot, LocalDate from) {}
        List<Case> cases = List.of(new Case("all bots, 90 days", null, today.minusDays(89)),
                new Case("all bots, 30 days", null, today.minusDays(29)),
                new Case("one bot, 90 days", llm, today.minusDays(89)));
        for (Case c : cases) {
            List<Double> fast = time(RUNS, () -> dashboards.load(c.bot(), c.from(), today));
            List<Double> direct = time(BASELINE_RUNS, () -> inTenant(owner, db -> Direct.load(db, c.bot(), c.from(), today)));
            Dashboard d = dashboards.load(c.bot(), c.from(), today);
            System.out.printf("DASH %s: aggregates median %.1f ms (p90 %.1f, n=%d); baseline from messages median %.0f ms (n=%d);"
                            + " ratio %.0fx; %,d questions, %,d visitors%n", c.name(), median(fast), percentile(fast, 90), fast.size(),
                    median(direct), direct.size(), median(direct) / median(fast), d.totals().questions(), d.totals().visitors());
        }
        SecurityContextHolder.clearContext();
    }

    private List<Double> time(int runs, Supplier<Object> work) {
        for (int i = 0; i < 2; i++) work.get();
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            work.get();
            ms.add((System.nanoTime() - start) / 1e6);
        }
        return ms;
    }

    private <T> T inTenant(ParleyPrincipal member, java.util.function.Function<JdbcClient, T> work) {
        var auth = SecurityContextHolder.getContext().getAuthentication();
        SecurityContextHolder.clearContext();
        try {
            return TenantContext.callAs(member.tenant(), member.user(), () -> tx.execute(status -> work.apply(jdbc)));
        } finally {
            SecurityContextHolder.getContext().setAuthentication(auth);
        }
    }

    static double median(List<Double> values) {
        return percentile(values, 50);
    }

    static double percentile(List<Double> values, int p) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /** The baseline: the dashboard's numbers counted straight from conversations, messages and feedback. */
    static final class Direct {
        private Direct() {}

        static List<Object> load(JdbcClient db, UUID bot, LocalDate from, LocalDate to) {
            String bots = bot == null ? "" : " AND c.bot_id = '" + bot + "'";
            String range = " >= ('" + from + "'::date)::timestamp AT TIME ZONE 'UTC' AND %s < ('" + to.plusDays(1)
                    + "'::date)::timestamp AT TIME ZONE 'UTC'";
            String joined = " FROM messages m JOIN conversations c ON c.tenant_id = m.tenant_id AND c.id = m.conversation_id"
                    + " WHERE m.created_at" + range.formatted("m.created_at") + bots;
            List<Object> all = new ArrayList<>();
            all.add(db.sql("SELECT (m.created_at AT TIME ZONE 'UTC')::date, count(*) FILTER (WHERE m.role = 'USER'),"
                    + " count(*) FILTER (WHERE m.role = 'ASSISTANT' AND m.complete),"
                    + " count(*) FILTER (WHERE m.role = 'ASSISTANT' AND m.complete AND m.mode = 'UNANSWERED'),"
                    + " count(DISTINCT c.visitor_id) FILTER (WHERE m.role = 'USER'),"
                    + " percentile_disc(0.5) WITHIN GROUP (ORDER BY m.first_token_ms) FILTER (WHERE m.role = 'ASSISTANT' AND m.complete),"
                    + " sum(m.prompt_tokens), sum(m.completion_tokens)" + joined + " GROUP BY 1").query().listOfRows());
            all.add(db.sql("SELECT count(DISTINCT c.visitor_id) FILTER (WHERE m.role = 'USER'),"
                    + " percentile_disc(0.5) WITHIN GROUP (ORDER BY m.first_token_ms) FILTER (WHERE m.role = 'ASSISTANT' AND m.complete)"
                    + joined).query().listOfRows());
            all.add(db.sql("SELECT (c.started_at AT TIME ZONE 'UTC')::date, count(*) FROM conversations c WHERE c.started_at"
                    + range.formatted("c.started_at") + bots + " GROUP BY 1").query().listOfRows());
            all.add(db.sql("SELECT (m.created_at AT TIME ZONE 'UTC')::date, count(*) FILTER (WHERE f.rating = 1),"
                    + " count(*) FILTER (WHERE f.rating = -1) FROM feedback f JOIN messages m ON m.tenant_id = f.tenant_id"
                    + " AND m.id = f.message_id JOIN conversations c ON c.tenant_id = m.tenant_id AND c.id = m.conversation_id"
                    + " WHERE m.created_at" + range.formatted("m.created_at") + bots + " GROUP BY 1").query().listOfRows());
            all.add(db.sql("SELECT parley_question_key(m.content), min(m.content), count(*),"
                    + " count(*) FILTER (WHERE r.mode = 'UNANSWERED' AND r.complete)" + joined.replace(" WHERE",
                    " LEFT JOIN messages r ON r.tenant_id = m.tenant_id AND r.reply_to = m.id WHERE")
                    + " AND m.role = 'USER' GROUP BY 1 ORDER BY 3 DESC LIMIT 10").query().listOfRows());
            return all;
        }
    }
}
