package dev.parley.bench;

import dev.parley.ParleyApplication;
import dev.parley.chat.AnswerMode;
import dev.parley.chat.ConversationFilter;
import dev.parley.chat.ConversationSearch;
import dev.parley.chat.TranscriptExport;
import dev.parley.platform.OwnerDatabase;
import dev.parley.shared.TenantContext;
import dev.parley.shared.TenantId;
import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The console's conversations at 1,000,000 messages (100,000 conversations of 10 messages over 90
 * days, one tenant, plus a second tenant of 100,000 messages that RLS must hide): server time of the
 * grid's first page with each filter and of its capped count, through the application's own
 * ConversationSearch bean as the app role under RLS, against a naive full count(*) in the same run;
 * and the CSV export of 100,000 messages, streamed (TranscriptExport) against loading them first,
 * with the heap each holds half way. Not part of the test suite: run bench/conversations.sh.
 */
public final class ConversationsBenchmark {

    static final UUID TENANT = UUID.fromString("00000000-0000-4000-8000-0000000c0001");
    static final UUID OTHER = UUID.fromString("00000000-0000-4000-8000-0000000c0002");
    static final UUID SHOP = UUID.fromString("00000000-0000-4000-8000-0000000b0001");
    static final UUID DOCS = UUID.fromString("00000000-0000-4000-8000-0000000b0002");
    static final UUID OTHER_BOT = UUID.fromString("00000000-0000-4000-8000-0000000b0003");
    static final int CONVERSATIONS = 100_000;

    private final DataSource owner;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;
    private final ConversationSearch search;
    private final TranscriptExport export;
    private final int runs;

    ConversationsBenchmark(ConfigurableApplicationContext context, int runs) {
        this.owner = OwnerDatabase.dataSource(context);
        this.jdbc = context.getBean(JdbcTemplate.class);
        this.readOnly = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
        this.readOnly.setReadOnly(true);
        this.search = context.getBean(ConversationSearch.class);
        this.export = context.getBean(TranscriptExport.class);
        this.runs = runs;
    }

    public static void main(String[] args) {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            a.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        System.setProperty("liquibase.analytics.enabled", "false");
        System.setProperty("vaadin.usageStatistics", "false");
        int rc = 0;
        ConfigurableApplicationContext context = null;
        try {
            context = new SpringApplicationBuilder(ParleyApplication.class).web(WebApplicationType.SERVLET)
                    .run("--parley.data-dir=" + a.getOrDefault("data-dir", "/tmp/parley-bench-conversations"), "--parley.db.port=0",
                            "--parley.demo.enabled=false", "--server.port=0", "--server.address=127.0.0.1",
                            "--spring.main.banner-mode=off");
            ConversationsBenchmark bench = new ConversationsBenchmark(context, Integer.parseInt(a.getOrDefault("runs", "30")));
            bench.load(a.containsKey("reload"));
            bench.measure();
        } catch (Throwable t) {
            t.printStackTrace();
            rc = 1;
        } finally {
            if (context != null) context.close();
        }
        System.exit(rc);
    }

    // ------------------------------------------------------------------------------------------ data

    void load(boolean reload) throws Exception {
        try (Connection c = owner.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            var rs = s.executeQuery("SELECT count(*) FROM messages WHERE tenant_id = '" + TENANT + "'");
            rs.next();
            long have = rs.getLong(1);
            if (have >= 1_000_000 && !reload) {
                log("Data present: " + have + " messages");
                return;
            }
            long start = System.nanoTime();
            log("Loading 1,000,000 messages for the measured tenant and 100,000 for another");
            s.execute("DELETE FROM tenants WHERE id IN ('" + TENANT + "', '" + OTHER + "')");
            s.execute("INSERT INTO tenants (id, name) VALUES ('" + TENANT + "', 'Bench Co'), ('" + OTHER + "', 'Other Co')");
            s.execute("INSERT INTO bots (tenant_id, id, name, public_key) VALUES ('" + TENANT + "', '" + SHOP + "', 'Shop bot', 'pk_benchconversations0001'),"
                    + " ('" + TENANT + "', '" + DOCS + "', 'Docs bot', 'pk_benchconversations0002'), ('" + OTHER + "', '" + OTHER_BOT
                    + "', 'Other bot', 'pk_benchconversations0003')");
            for (int from = 1; from <= CONVERSATIONS; from += 10_000) {
                generate(s, TENANT, "CASE WHEN i % 4 = 0 THEN '" + DOCS + "'::uuid ELSE '" + SHOP + "'::uuid END", "c", from, from + 9_999);
                log("  " + (from + 9_999) + " conversations");
            }
            generate(s, OTHER, "'" + OTHER_BOT + "'::uuid", "o", 1, 10_000);
            // Thumbs on 1 answer in 20: up three times as often as down.
            s.execute("""
                    INSERT INTO feedback (tenant_id, id, message_id, rating)
                    SELECT tenant_id, gen_random_uuid(), id, CASE WHEN abs(hashtext(id::text)) % 4 = 0 THEN -1 ELSE 1 END
                      FROM messages WHERE role = 'ASSISTANT' AND abs(hashtext(id::text || 'f')) % 20 = 0""");
            s.execute("ANALYZE conversations");
            s.execute("ANALYZE messages");
            s.execute("ANALYZE feedback");
            log("Loaded in " + (System.nanoTime() - start) / 1_000_000_000 + " s");
        }
    }

    /** Conversations {@code from..to} of a tenant, 90 days back from now, 10 messages each (5 questions, 5 answers). */
    private static void generate(Statement s, UUID tenant, String botExpr, String prefix, int from, int to) throws Exception {
        s.execute("""
                INSERT INTO conversations (tenant_id, id, bot_id, visitor_id, status, started_at, last_message_at)
                SELECT '%1$s', md5('%2$s' || i)::uuid, %3$s, 'visitor-' || (i %% 30000),
                       CASE WHEN i %% 3 = 0 THEN 'RESOLVED' ELSE 'OPEN' END,
                       now() - make_interval(secs => i * 77.76 + 600), now() - make_interval(secs => i * 77.76)
                  FROM generate_series(%4$d, %5$d) i""".formatted(tenant, prefix, botExpr, from, to));
        s.execute("""
                INSERT INTO messages (tenant_id, id, conversation_id, role, content, mode, sources, model, prompt_tokens,
                                      completion_tokens, first_token_ms, total_ms, created_at, reply_to)
                SELECT '%1$s', md5('%2$s' || i || '-' || j)::uuid, md5('%2$s' || i)::uuid,
                       CASE WHEN j %% 2 = 0 THEN 'USER' ELSE 'ASSISTANT' END,
                       CASE WHEN j %% 2 = 0
                            THEN (ARRAY['Do you ship to ', 'How do I return ', 'What does it cost to send ', 'Can I track '])[1 + (i + j) %% 4]
                                 || (ARRAY['Norway', 'a parcel', 'my order', 'shoes', 'a gift card', 'Sweden'])[1 + (i * 7 + j) %% 6]
                                 || CASE WHEN (i * 31 + j) %% 20000 = 0 THEN ' to Zanzibarquux' ELSE '' END || '?'
                            ELSE 'We ship within three days to most countries in Europe. Returns are free within 30 days; '
                                 || 'the shipping guide lists the costs per country. [1]' END,
                       CASE WHEN j %% 2 = 1 THEN CASE WHEN (i + j) %% 25 = 0 THEN 'UNANSWERED' WHEN (i + j) %% 41 = 0 THEN 'FALLBACK'
                                                      WHEN i %% 2 = 0 THEN 'LLM' ELSE 'EXTRACTIVE' END END,
                       CASE WHEN j %% 2 = 1 AND (i + j) %% 25 <> 0
                            THEN '[{"n":1,"chunkId":"00000000-0000-4000-8000-000000000001","documentId":"00000000-0000-4000-8000-000000000002","title":"Shipping guide","section":"Abroad","page":null,"url":null,"score":0.81}]'
                            ELSE '[]' END::jsonb,
                       CASE WHEN j %% 2 = 1 AND i %% 2 = 0 THEN 'gpt-4o-mini' END,
                       CASE WHEN j %% 2 = 1 THEN 900 + i %% 400 END, CASE WHEN j %% 2 = 1 THEN 40 + i %% 80 END,
                       CASE WHEN j %% 2 = 1 THEN 150 + (i * 13) %% 700 END, CASE WHEN j %% 2 = 1 THEN 900 + (i * 17) %% 2500 END,
                       now() - make_interval(secs => i * 77.76 + 600 - j * 60),
                       CASE WHEN j %% 2 = 1 THEN md5('%2$s' || i || '-' || (j - 1))::uuid END
                  FROM generate_series(%3$d, %4$d) i, generate_series(0, 9) j""".formatted(tenant, prefix, from, to));
    }

    // ------------------------------------------------------------------------------------------ measurements

    void measure() throws Exception {
        long messages = asTenant(() -> readOnly.execute(st -> jdbc.queryForObject("SELECT count(*) FROM messages", Long.class)));
        log("Measured tenant sees " + messages + " messages (RLS); " + runs + " runs per row after 3 warm-up");
        Instant now = Instant.now();
        List<String[]> rows = new ArrayList<>();
        Map<String, ConversationFilter> filters = new java.util.LinkedHashMap<>();
        filters.put("no filter", ConversationFilter.any());
        filters.put("bot", filter(null, SHOP, null, null, null, null));
        filters.put("last 7 days + bot", filter(now.minus(7, ChronoUnit.DAYS), SHOP, null, null, null, null));
        filters.put("some unanswered", filter(null, null, null, ConversationFilter.Outcome.UNANSWERED, null, null));
        filters.put("mode FALLBACK", filter(null, null, null, null, AnswerMode.FALLBACK, null));
        filters.put("thumbs down", filter(null, null, ConversationFilter.Rating.DOWN, null, null, null));
        filters.put("text, common (\"gift card\")", filter(null, null, null, null, null, "gift card"));
        filters.put("text, rare (\"zanzibarquux\", 25 hits)", filter(null, null, null, null, null, "zanzibarquux"));
        for (var f : filters.entrySet()) {
            double[] page = time(() -> search.page(f.getValue(), 0, 50).size());
            double[] count = time(() -> (int) search.countUpTo(f.getValue(), 10_000));
            rows.add(new String[] {f.getKey(), ms(page[0]), ms(page[1]), ms(count[0]), ms(count[1])});
        }
        ConversationFilter unanswered = filters.get("some unanswered");
        double[] naiveCount = time(() -> asTenant(() -> readOnly.execute(st -> jdbc.queryForObject("""
                SELECT count(*) FROM conversations c WHERE EXISTS (SELECT 1 FROM messages m WHERE m.tenant_id = c.tenant_id
                   AND m.conversation_id = c.id AND m.mode = 'UNANSWERED')""", Long.class))).intValue());
        double[] deepPage = time(() -> search.page(unanswered, 5_000, 50).size());
        // Baseline for text: the page's ids as the grid selected them before 021, ILIKE under RLS (no index usable).
        Map<String, double[]> oldText = new java.util.LinkedHashMap<>();
        for (String text : List.of("gift card", "zanzibarquux")) {
            oldText.put(text, time(() -> asTenant(() -> readOnly.execute(st -> jdbc.queryForList("""
                    SELECT c.id FROM conversations c WHERE EXISTS (SELECT 1 FROM messages m WHERE m.tenant_id = c.tenant_id
                       AND m.conversation_id = c.id AND m.content ILIKE ? ESCAPE '\\')
                     ORDER BY c.last_message_at DESC, c.id DESC LIMIT 50""", java.util.UUID.class, "%" + text + "%"))).size()));
        }

        // Export: the newest 10,000 conversations = 100,000 messages.
        Instant exportFrom = asTenant(() -> readOnly.execute(st -> jdbc.queryForObject(
                "SELECT last_message_at FROM conversations WHERE id = md5('c10000')::uuid", java.sql.Timestamp.class))).toInstant();
        ConversationFilter range = new ConversationFilter(exportFrom, null, null, null, null, null, null, null);
        List<Double> streamMs = new ArrayList<>(), naiveMs = new ArrayList<>();
        List<Long> streamHeap = new ArrayList<>(), naiveHeap = new ArrayList<>(), streamPeak = new ArrayList<>(), naivePeak = new ArrayList<>();
        long[] exported = new long[2];
        for (int r = 0; r < 3; r++) {
            Heap h = new Heap();
            long t0 = System.nanoTime();
            exported[0] = asTenant(() -> export.csv(range, h.stream(8_000_000)));
            streamMs.add((System.nanoTime() - t0) / 1e6);
            streamHeap.add(h.midway);
            streamPeak.add(h.stop());
            exported[1] = h.bytes.get();

            Heap n = new Heap();
            t0 = System.nanoTime();
            naiveCsv(range, n.stream(8_000_000));
            naiveMs.add((System.nanoTime() - t0) / 1e6);
            naiveHeap.add(n.midway);
            naivePeak.add(n.stop());
        }

        System.out.println("\n=== RESULTS (markdown) ===");
        System.out.println("| grid filter | first page p50 ms | p90 ms | capped count p50 ms | p90 ms |");
        System.out.println("|---|---|---|---|---|");
        for (String[] r : rows) System.out.println("| " + String.join(" | ", r) + " |");
        System.out.println("| baseline: full count(*) of \"some unanswered\" | — | — | " + ms(naiveCount[0]) + " | " + ms(naiveCount[1]) + " |");
        System.out.println("| \"some unanswered\", page at offset 5,000 | " + ms(deepPage[0]) + " | " + ms(deepPage[1]) + " | — | — |");
        for (var t : oldText.entrySet()) {
            System.out.println("| baseline: page ids of text \"" + t.getKey() + "\" by ILIKE under RLS (before 021) | "
                    + ms(t.getValue()[0]) + " | " + ms(t.getValue()[1]) + " | — | — |");
        }
        System.out.printf("%nExport of %,d messages (%,d bytes of CSV), median of 3:%n", exported[0], exported[1]);
        System.out.println("| export | time ms | heap retained half way MB | peak heap used MB |");
        System.out.println("|---|---|---|---|");
        System.out.printf("| streamed (TranscriptExport.csv) | %.0f | %.1f | %.1f |%n", median(streamMs), mb(medianL(streamHeap)), mb(medianL(streamPeak)));
        System.out.printf("| baseline: load all rows, then write | %.0f | %.1f | %.1f |%n", median(naiveMs), mb(medianL(naiveHeap)), mb(medianL(naivePeak)));
    }

    /** What an export without a cursor does: read every row into a list, then write it. */
    private void naiveCsv(ConversationFilter range, OutputStream out) {
        List<Map<String, Object>> all = asTenant(() -> readOnly.execute(s -> jdbc.queryForList("""
                SELECT c.id, b.name, c.visitor_id, c.status, m.id AS mid, m.created_at, m.role, m.content, m.mode, m.sources::text,
                       m.model, m.prompt_tokens, m.completion_tokens, m.first_token_ms, m.total_ms
                  FROM conversations c JOIN bots b ON b.tenant_id = c.tenant_id AND b.id = c.bot_id
                  JOIN messages m ON m.tenant_id = c.tenant_id AND m.conversation_id = c.id
                 WHERE c.last_message_at >= ? ORDER BY c.last_message_at DESC, c.id DESC, m.created_at""",
                java.sql.Timestamp.from(range.from()))));
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
            for (Map<String, Object> row : all) {
                w.write(String.join(",", row.values().stream().map(String::valueOf).toList()));
                w.write("\r\n");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Samples used heap every 2 ms, and the heap retained (after GC) when the output reaches a mark. */
    static final class Heap {
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong peak = new AtomicLong();
        final long base;
        volatile boolean running = true;
        long midway = -1;
        final Thread sampler;

        Heap() {
            for (int i = 0; i < 3; i++) System.gc();
            base = memory.getHeapMemoryUsage().getUsed();
            sampler = Thread.ofPlatform().daemon().start(() -> {
                while (running) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed() - base, Math::max);
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        OutputStream stream(long mark) {
            return new OutputStream() {
                @Override
                public void write(int b) {
                    add(1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    add(len);
                }

                private void add(int n) {
                    if (bytes.addAndGet(n) >= mark && midway < 0) {
                        for (int i = 0; i < 3; i++) System.gc();
                        midway = memory.getHeapMemoryUsage().getUsed() - base;
                    }
                }
            };
        }

        long stop() throws InterruptedException {
            running = false;
            sampler.join();
            return peak.get();
        }
    }

    private static ConversationFilter filter(Instant from, UUID bot, ConversationFilter.Rating rating, ConversationFilter.Outcome outcome,
                                             AnswerMode mode, String text) {
        return new ConversationFilter(from, null, bot, rating, outcome, mode, null, text);
    }

    /** p50 and p90 in ms of {@code runs} calls after 3 warm-up calls. */
    private double[] time(Supplier<Integer> call) {
        for (int i = 0; i < 3; i++) asTenant(call);
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            asTenant(call);
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        Collections.sort(ms);
        return new double[] {ms.get(ms.size() / 2), ms.get((int) Math.ceil(ms.size() * 0.9) - 1)};
    }

    private <T> T asTenant(Supplier<T> work) {
        return TenantContext.callAs(new TenantId(TENANT), null, work);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static long medianL(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String ms(double v) {
        return v < 10 ? String.format("%.1f", v) : String.format("%.0f", v);
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static void log(String message) {
        System.out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + message);
    }
}
