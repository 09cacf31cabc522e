package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.console.ConsoleTest;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.BotSettings;
import dev.parley.tenancy.ParleyPrincipal;
import dev.parley.tenancy.Role;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** CSV and JSON exports: the filtered set, safe cells, proper quoting, and memory that stays flat. */
class TranscriptExportTest extends ConsoleTest {

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Autowired TranscriptExport export;
    @Autowired BotService bots;

    ParleyPrincipal owner;
    UUID bot;

    @BeforeEach
    void workspace() {
        owner = newWorkspace("Export Co");
        bot = as(owner, () -> bots.create(BotSettings.defaults("Shop bot"))).id();
    }

    @Test
    void csvHasAHeaderAndOneSafeLinePerMessage() {
        UUID hostile = inTenant(owner, db -> ChatFixtures.exchange(db, bot, "=HYPERLINK(\"http://evil.example\",\"click\")",
                "Line one,\nline \"two\"", AnswerMode.LLM, NOW));
        inTenant(owner, db -> ChatFixtures.exchange(db, bot, "@SUM(1+1)", "-1 is not a price", AnswerMode.EXTRACTIVE,
                NOW.minus(400, ChronoUnit.DAYS)));

        String csv = csv(new ConversationFilter(NOW.minus(1, ChronoUnit.DAYS), null, null, null, null, null, null, null));

        assertThat(csv).startsWith("\uFEFFconversation_id,bot,visitor_id,visitor_name,visitor_email,conversation_status,message_id,"
                + "created_at,role,content,");
        assertThat(csv).contains(hostile + ",Shop bot,");
        assertThat(csv).contains(",USER,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",");
        assertThat(csv).contains(",ASSISTANT,\"Line one,\nline \"\"two\"\"\",LLM,[1] Shipping guide § Abroad (0.812),gpt-4o-mini,300,40,120,900,");
        assertThat(csv).doesNotContain("@SUM").as("outside the range");
        assertThat(csv.split("\r\n")).hasSize(3);

        String all = csv(ConversationFilter.any());
        assertThat(all).contains(",USER,'@SUM(1+1),").contains(",'-1 is not a price,");
    }

    @Test
    void anIdentifiedVisitorsNameAndEmailAreExportedAsSafeCells() {
        UUID named = inTenant(owner, db -> ChatFixtures.exchange(db, bot, "Do you ship to Norway?", "Yes.", AnswerMode.LLM, NOW));
        UUID anonymous = inTenant(owner, db -> ChatFixtures.exchange(db, bot, "Hello", "Hi.", AnswerMode.EXTRACTIVE,
                NOW.minusSeconds(60)));
        String name = "=HYPERLINK(\"http://evil.example\",\"Ada, <b>L</b>\")";
        inTenant(owner, db -> db.sql("UPDATE conversations SET visitor_name = ?, visitor_email = ? WHERE id = ?")
                .params(name, "+ada@example.com", named).update());

        String csv = csv(ConversationFilter.any());
        assertThat(csv).contains(named + ",Shop bot,visitor-")
                .contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Ada, <b>L</b>\"\")\",'+ada@example.com,OPEN,");
        assertThat(csv).containsPattern(anonymous + ",Shop bot,visitor-[0-9a-f]{8},,,OPEN,");
        assertThat(csv.split("\r\n")).as("header and four messages").hasSize(5);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        as(owner, () -> export.json(ConversationFilter.any(), out));
        JsonNode rows = JsonMapper.builder().build().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(rows.get(0).get("visitor_name").asString()).as("JSON keeps the value as it is").isEqualTo(name);
        assertThat(rows.get(0).get("visitor_email").asString()).isEqualTo("+ada@example.com");
        assertThat(rows.get(2).get("visitor_name").isNull()).isTrue();
        assertThat(rows.get(2).get("visitor_email").isNull()).isTrue();
        assertThat(rows.get(2).get("conversation_id").asString()).isEqualTo(anonymous.toString());
    }

    @Test
    void jsonIsOneArrayOfMessagesWithTheirSources() {
        UUID c = inTenant(owner, db -> ChatFixtures.exchange(db, bot, "Do you ship to Norway?", "Yes.", AnswerMode.LLM, NOW));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        long n = as(owner, () -> export.json(ConversationFilter.any(), out));

        JsonNode rows = JsonMapper.builder().build().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(n).isEqualTo(2);
        assertThat(rows.size()).isEqualTo(2);
        assertThat(rows.get(0).get("conversation_id").asString()).isEqualTo(c.toString());
        assertThat(rows.get(0).get("content").asString()).isEqualTo("Do you ship to Norway?");
        assertThat(rows.get(1).get("mode").asString()).isEqualTo("LLM");
        assertThat(rows.get(1).get("first_token_ms").asLong()).isEqualTo(120);
        assertThat(rows.get(1).get("sources").get(0).get("url").asString()).isEqualTo("https://shop.example.com/shipping");
    }

    @Test
    void editorsCannotExportAndOtherWorkspacesExportNothingOfThis() {
        inTenant(owner, db -> ChatFixtures.exchange(db, bot, "Hello", "Hi.", AnswerMode.EXTRACTIVE, NOW));
        ParleyPrincipal editor = newMember(owner, Role.EDITOR);
        ParleyPrincipal stranger = newWorkspace("Other Co");

        assertThatThrownBy(() -> as(editor, () -> export.csv(ConversationFilter.any(), new ByteArrayOutputStream())))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(as(stranger, () -> export.json(ConversationFilter.any(), new ByteArrayOutputStream()))).isZero();
    }

    /**
     * A range over 20,000 messages of 4 KB (80 MB of text): the rows go out while the cursor reads
     * them, so what the export holds at any moment is one fetch of rows, not the whole set.
     */
    @Test
    void aHugeRangeStreamsWithFlatMemory() {
        inTenant(owner, db -> db.sql("""
                WITH c AS (
                    INSERT INTO conversations (tenant_id, id, bot_id, visitor_id, started_at, last_message_at)
                    SELECT b.tenant_id, gen_random_uuid(), b.id, 'v-' || i, now() - make_interval(mins => i), now() - make_interval(mins => i)
                      FROM bots b, generate_series(1, 2000) i WHERE b.id = ?
                    RETURNING tenant_id, id)
                INSERT INTO messages (tenant_id, id, conversation_id, role, content, mode)
                SELECT c.tenant_id, gen_random_uuid(), c.id, CASE WHEN j % 2 = 0 THEN 'USER' ELSE 'ASSISTANT' END,
                       repeat(md5(c.id::text || j), 128), CASE WHEN j % 2 = 0 THEN NULL ELSE 'EXTRACTIVE' END
                  FROM c, generate_series(0, 9) j""").param(bot).update());
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = retainedHeap(memory);
        long[] retainedMidway = {-1};
        CountingStream out = new CountingStream(40_000_000, () -> retainedMidway[0] = retainedHeap(memory));

        long rows = as(owner, () -> export.csv(new ConversationFilter(Instant.parse("1970-01-01T00:00:00Z"),
                Instant.parse("2100-01-01T00:00:00Z"), null, null, null, null, null, null), out));

        assertThat(rows).isEqualTo(20_000);
        assertThat(out.bytes).isGreaterThan(80_000_000L);
        assertThat(retainedMidway[0]).as("measured half way").isPositive();
        assertThat(retainedMidway[0] - before).as("heap held half way through an 80 MB export").isLessThan(32L << 20);
    }

    private String csv(ConversationFilter filter) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        as(owner, () -> export.csv(filter, out));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static long retainedHeap(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Counts bytes and runs {@code atMark} once when {@code mark} bytes have gone through. */
    static final class CountingStream extends OutputStream {
        long bytes;
        private final long mark;
        private Runnable atMark;

        CountingStream(long mark, Runnable atMark) {
            this.mark = mark;
            this.atMark = atMark;
        }

        @Override
        public void write(int b) {
            count(1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count(len);
        }

        private void count(int n) {
            bytes += n;
            if (atMark != null && bytes >= mark) {
                Runnable run = atMark;
                atMark = null;
                run.run();
            }
        }
    }
}
