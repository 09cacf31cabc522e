package dev.parley.chat;

import static dev.parley.chat.ChatFixtures.exchange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.console.ConsoleTest;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.BotSettings;
import dev.parley.tenancy.ParleyPrincipal;
import dev.parley.tenancy.Role;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/** Searching, paging, reading and resolving conversations under row-level security. */
@RecordApplicationEvents
class ConversationSearchTest extends ConsoleTest {

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Autowired ConversationSearch search;
    @Autowired BotService bots;
    @Autowired ApplicationEvents events;

    ParleyPrincipal owner;
    UUID shop;
    UUID docs;
    UUID shipping;
    UUID refund;
    UUID percent;
    UUID old;

    @BeforeEach
    void twoBotsAndTheirConversations() {
        owner = newWorkspace("Search Co");
        shop = as(owner, () -> bots.create(BotSettings.defaults("Shop bot"))).id();
        docs = as(owner, () -> bots.create(BotSettings.defaults("Docs bot"))).id();
        shipping = inTenant(owner, db -> exchange(db, shop, "Do you ship to Norway?", "Yes, in 3 days.", AnswerMode.LLM,
                NOW.minus(1, ChronoUnit.HOURS)));
        refund = inTenant(owner, db -> exchange(db, shop, "Can I get a refund on a pet?", "I don't know that.",
                AnswerMode.UNANSWERED, NOW.minus(2, ChronoUnit.HOURS)));
        percent = inTenant(owner, db -> exchange(db, docs, "Is 100% of my_data deleted?", "Yes, all of it.",
                AnswerMode.EXTRACTIVE, NOW.minus(3, ChronoUnit.HOURS)));
        old = inTenant(owner, db -> exchange(db, docs, "Where are you based?", "In Oslo.", AnswerMode.FALLBACK,
                NOW.minus(40, ChronoUnit.DAYS)));
        inTenant(owner, db -> {
            UUID shippingAnswer = db.sql("SELECT id FROM messages WHERE conversation_id = ? AND role = 'ASSISTANT'")
                    .param(shipping).query(UUID.class).single();
            ChatFixtures.rate(db, shippingAnswer, 1);
            UUID percentAnswer = db.sql("SELECT id FROM messages WHERE conversation_id = ? AND role = 'ASSISTANT'")
                    .param(percent).query(UUID.class).single();
            ChatFixtures.rate(db, percentAnswer, -1);
            return null;
        });
    }

    @Test
    void newestActivityFirstWithWhatEachRowNeeds() {
        List<ConversationSummary> all = as(owner, () -> search.page(ConversationFilter.any(), 0, 50));

        assertThat(all).extracting(ConversationSummary::id).containsExactly(shipping, refund, percent, old);
        ConversationSummary first = all.getFirst();
        assertThat(first.botName()).isEqualTo("Shop bot");
        assertThat(first.firstQuestion()).isEqualTo("Do you ship to Norway?");
        assertThat(first.messages()).isEqualTo(2);
        assertThat(first.thumbsUp()).isEqualTo(1);
        assertThat(all.get(1).unanswered()).isEqualTo(1);
        assertThat(all.get(2).thumbsDown()).isEqualTo(1);
    }

    @Test
    void pagesDoNotOverlapAndTheCountStopsAtItsCap() {
        assertThat(as(owner, () -> search.page(ConversationFilter.any(), 0, 2))).extracting(ConversationSummary::id)
                .containsExactly(shipping, refund);
        assertThat(as(owner, () -> search.page(ConversationFilter.any(), 2, 2))).extracting(ConversationSummary::id)
                .containsExactly(percent, old);
        assertThat(as(owner, () -> search.countUpTo(ConversationFilter.any(), 100))).isEqualTo(4);
        assertThat(as(owner, () -> search.countUpTo(ConversationFilter.any(), 3))).isEqualTo(3);
    }

    @Test
    void eachFilterAndTheirCombination() {
        assertThat(ids(filter(null, null, shop, null, null, null, null, null))).containsExactly(shipping, refund);
        assertThat(ids(filter(null, null, null, ConversationFilter.Rating.UP, null, null, null, null))).containsExactly(shipping);
        assertThat(ids(filter(null, null, null, ConversationFilter.Rating.DOWN, null, null, null, null))).containsExactly(percent);
        assertThat(ids(filter(null, null, null, ConversationFilter.Rating.NONE, null, null, null, null))).containsExactly(refund, old);
        assertThat(ids(filter(null, null, null, null, ConversationFilter.Outcome.UNANSWERED, null, null, null))).containsExactly(refund);
        assertThat(ids(filter(null, null, null, null, ConversationFilter.Outcome.ANSWERED, null, null, null)))
                .containsExactly(shipping, percent, old);
        assertThat(ids(filter(null, null, null, null, null, AnswerMode.FALLBACK, null, null))).containsExactly(old);
        assertThat(ids(filter(NOW.minus(1, ChronoUnit.DAYS), NOW, null, null, null, null, null, null)))
                .containsExactly(shipping, refund, percent);
        assertThat(ids(filter(null, NOW.minus(1, ChronoUnit.DAYS), null, null, null, null, null, null))).containsExactly(old);
        assertThat(ids(filter(null, null, null, null, null, null, null, "norway"))).containsExactly(shipping);
        assertThat(ids(filter(NOW.minus(1, ChronoUnit.DAYS), null, shop, ConversationFilter.Rating.NONE,
                ConversationFilter.Outcome.UNANSWERED, AnswerMode.UNANSWERED, ConversationFilter.Status.OPEN, "refund")))
                .containsExactly(refund);
        assertThat(as(owner, () -> search.countUpTo(filter(null, null, shop, null, null, null, null, null), 100))).isEqualTo(2);
    }

    @Test
    void searchTextIsMatchedLiterallyWhateverCharactersItHas() {
        assertThat(ids(text("100%"))).containsExactly(percent);
        assertThat(ids(text("%"))).containsExactly(percent);
        assertThat(ids(text("my_data"))).containsExactly(percent);
        assertThat(ids(text("_"))).containsExactly(percent);
        assertThat(ids(text("y_d"))).containsExactly(percent);
        assertThat(ids(text("\\"))).isEmpty();
        assertThat(ids(text("' OR 1=1; DROP TABLE messages; --"))).isEmpty();
        assertThat(ids(text("\u0000"))).as("NUL alone searches for nothing").containsExactly(shipping, refund, percent, old);
        assertThat(ids(text("Nor\u0000way"))).containsExactly(shipping);

        assertThat(countAll("SELECT count(*) FROM messages WHERE conversation_id IN (?, ?, ?, ?)", shipping, refund, percent, old))
                .as("nothing was changed").isEqualTo(8);
        assertThatThrownBy(() -> text("x".repeat(ConversationFilter.MAX_TEXT + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Search for at most 200 characters.");
        assertThatThrownBy(() -> filter(NOW, NOW.minusSeconds(1), null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before its end");
    }

    @Test
    void textFoundInMoreConversationsThanTheIndexPathReturnsIsStillMatchedNewestFirst() {
        int many = ConversationTextMatches.MAX_MESSAGES + 60;
        inTenant(owner, db -> db.sql("""
                WITH c AS (
                    INSERT INTO conversations (tenant_id, id, bot_id, visitor_id, started_at, last_message_at)
                    SELECT b.tenant_id, gen_random_uuid(), b.id, 'bulk-' || i, ?::timestamptz - make_interval(days => 2, secs => i),
                           ?::timestamptz - make_interval(days => 2, secs => i)
                      FROM bots b CROSS JOIN generate_series(1, ?) i WHERE b.id = ?
                    RETURNING tenant_id, id, last_message_at)
                INSERT INTO messages (tenant_id, id, conversation_id, role, content, created_at)
                SELECT tenant_id, gen_random_uuid(), id, 'USER', 'Where is my parcel?', last_message_at FROM c""")
                .params(java.sql.Timestamp.from(NOW), java.sql.Timestamp.from(NOW), many, shop).update());

        List<UUID> page = ids(text("PARCEL"));
        assertThat(page).hasSize(50);
        List<UUID> newest = inTenant(owner, db -> db.sql("""
                SELECT id FROM conversations WHERE visitor_id LIKE 'bulk-%' ORDER BY last_message_at DESC, id DESC LIMIT 50""")
                .query(UUID.class).list());
        assertThat(page).containsExactlyElementsOf(newest);
        assertThat(as(owner, () -> search.countUpTo(text("parcel"), 10_000))).isEqualTo(many);
        assertThat(ids(filter(null, null, docs, null, null, null, null, "parcel"))).as("combined with another filter").isEmpty();
        assertThat(ids(text("norway"))).as("a rare word beside them").containsExactly(shipping);
    }

    @Test
    void theIndexedSearchFunctionSeesOnlyTheBoundTenantsMessages() {
        ParleyPrincipal stranger = newWorkspace("Other Co");
        String call = "SELECT conversation_id FROM parley_conversation_text_search(?, 100)";
        java.util.function.BiFunction<JdbcClient, String, List<UUID>> run = (db, pattern) ->
                db.sql(call).param(pattern).query(UUID.class).list();

        List<UUID> own = inTenant(owner, db -> run.apply(db, "%norway%"));
        List<UUID> othersText = inTenant(stranger, db -> run.apply(db, "%norway%"));
        List<UUID> othersAll = inTenant(stranger, db -> run.apply(db, "%"));
        List<UUID> unbound = tx.execute(status -> run.apply(jdbc, "%norway%"));
        assertThat(own).containsExactly(shipping);
        assertThat(othersText).as("another tenant's text").isEmpty();
        assertThat(othersAll).as("another tenant, everything").isEmpty();
        assertThat(unbound).as("no tenant bound").isEmpty();
    }

    @Test
    void transcriptHasSourcesModeTimingsAndTokens() {
        Transcript transcript = as(owner, () -> search.transcript(shipping)).orElseThrow();

        assertThat(transcript.conversation().botName()).isEqualTo("Shop bot");
        assertThat(transcript.messages()).extracting(ChatMessage::role).containsExactly("USER", "ASSISTANT");
        ChatMessage answer = transcript.messages().get(1);
        assertThat(answer.mode()).isEqualTo(AnswerMode.LLM);
        assertThat(answer.firstTokenMs()).isEqualTo(120);
        assertThat(answer.totalMs()).isEqualTo(900);
        assertThat(answer.promptTokens()).isEqualTo(300);
        assertThat(answer.completionTokens()).isEqualTo(40);
        assertThat(answer.rating()).isEqualTo(1);
        assertThat(answer.sources()).singleElement().satisfies(s -> {
            assertThat(s.title()).isEqualTo("Shipping guide");
            assertThat(s.score()).isEqualTo(0.812);
        });
    }

    @Test
    void anotherWorkspaceSeesNoneOfItAndCannotResolveIt() {
        ParleyPrincipal stranger = newWorkspace("Other Co");

        assertThat(as(stranger, () -> search.page(ConversationFilter.any(), 0, 50))).isEmpty();
        assertThat(as(stranger, () -> search.transcript(shipping))).isEmpty();
        assertThatThrownBy(() -> as(stranger, () -> search.setResolved(shipping, true))).isInstanceOf(ChatRefused.class)
                .hasMessage("There is no such conversation.");
        assertThat(as(owner, () -> search.transcript(shipping)).orElseThrow().conversation().resolved()).isFalse();
    }

    @Test
    void supportResolvesAndReopensOnceEachAndEditorsMayNotRead() {
        ParleyPrincipal support = newMember(owner, Role.SUPPORT);
        ParleyPrincipal editor = newMember(owner, Role.EDITOR);

        assertThat(as(support, () -> search.setResolved(refund, true)).resolved()).isTrue();
        as(support, () -> search.setResolved(refund, true)); // already resolved: no second event
        assertThat(ids(filter(null, null, null, null, null, null, ConversationFilter.Status.RESOLVED, null))).containsExactly(refund);
        assertThat(as(support, () -> search.setResolved(refund, false)).resolved()).isFalse();

        assertThat(events.stream(ConversationResolved.class).filter(e -> e.conversationId().equals(refund)))
                .extracting(ConversationResolved::resolved, ConversationResolved::byUser, ConversationResolved::botId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(true, support.user().value(), shop),
                        org.assertj.core.groups.Tuple.tuple(false, support.user().value(), shop));
        assertThatThrownBy(() -> as(editor, () -> search.page(ConversationFilter.any(), 0, 10))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> as(editor, () -> search.transcript(refund))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> as(editor, () -> search.setResolved(refund, true))).isInstanceOf(AccessDeniedException.class);
    }

    private List<UUID> ids(ConversationFilter filter) {
        return as(owner, () -> search.page(filter, 0, 50)).stream().map(ConversationSummary::id).toList();
    }

    private static ConversationFilter text(String text) {
        return filter(null, null, null, null, null, null, null, text);
    }

    private static ConversationFilter filter(Instant from, Instant to, UUID bot, ConversationFilter.Rating rating,
                                             ConversationFilter.Outcome outcome, AnswerMode mode,
                                             ConversationFilter.Status status, String text) {
        return new ConversationFilter(from, to, bot, rating, outcome, mode, status, text);
    }
}
