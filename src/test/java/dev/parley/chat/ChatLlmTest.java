package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.TestWorkspaces;
import dev.parley.WebIntegrationTest;
import dev.parley.chat.llm.FakeOpenAi;
import dev.parley.chat.llm.FakeOpenAi.Reply;
import dev.parley.knowledge.AwaitDocument;
import dev.parley.knowledge.KnowledgeService;
import dev.parley.platform.OwnerDatabase;
import dev.parley.shared.TenantId;
import dev.parley.tenancy.AnswerSettings;
import dev.parley.tenancy.ApiKeyService;
import dev.parley.tenancy.ApiScope;
import dev.parley.tenancy.BotService;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.context.SecurityContextHolder;
import tools.jackson.databind.JsonNode;

/** Answers written by an LLM: a local OpenAI-compatible fake stands in for the endpoint we do not own. */
class ChatLlmTest extends WebIntegrationTest {

    static FakeOpenAi llm;

    @Autowired TestWorkspaces workspaces;
    @Autowired BotService bots;
    @Autowired ApiKeyService keys;
    @Autowired KnowledgeService knowledge;
    @Autowired ApplicationContext context;

    TenantId tenant;
    UUID bot;
    ChatClient client;

    @BeforeAll
    static void startFakeLlm() {
        llm = FakeOpenAi.start();
    }

    @AfterAll
    static void stopFakeLlm() {
        llm.close();
    }

    @BeforeEach
    void botAnsweringWithTheFake() {
        llm.reset();
        tenant = workspaces.newOwner().tenant();
        bot = workspaces.newBot("Shop helper").id();
        bots.updateAnswerSettings(bot, new AnswerSettings("", "", null, llm.baseUrl(), FakeOpenAi.MODEL, 0.0, 300), FakeOpenAi.API_KEY);
        add("Refunds", "Refunds are paid back to the original card within five working days.");
        add("Shipping", "Parcels to Norway arrive within three days by courier. Shipping inside Norway is free.");
        client = new ChatClient(baseUrl(), keys.create("chat", Set.of(ApiScope.CHAT)).secretKey());
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    private void add(String title, String text) {
        AwaitDocument.finished(knowledge, knowledge.addText(bot, title, text).id());
    }

    @Test
    void theAnswerStreamsAsTheModelWritesItAndIsStoredWithTokensAndTimings() {
        llm.always(Reply.text("Refunds reach ", "your card within ", "five working days [1].").usage(180, 12));
        UUID conversation = client.start(bot);
        ChatClient.Sent sent = client.send(conversation, "How long do refunds take?");

        assertThat(sent.events()).extracting(ChatClient.Event::name).containsExactly("sources", "delta", "delta", "delta", "done");
        assertThat(sent.text()).isEqualTo("Refunds reach your card within five working days [1].");
        assertThat(sent.sources().get(0).get("title").asString()).isEqualTo("Refunds");
        JsonNode done = sent.done();
        assertThat(done.get("mode").asString()).isEqualTo("LLM");
        assertThat(done.get("model").asString()).isEqualTo(FakeOpenAi.MODEL);
        assertThat(done.get("promptTokens").asInt()).isEqualTo(180);

        JsonNode request = llm.chatRequests().getFirst().json();
        assertThat(request.get("max_tokens").asInt()).isEqualTo(300);
        assertThat(llm.chatRequests().getFirst().header("Authorization")).isEqualTo("Bearer " + FakeOpenAi.API_KEY);
        JsonNode stored = client.history(conversation).get(1);
        assertThat(stored.get("completionTokens").asInt()).isEqualTo(12);
        assertThat(stored.get("model").asString()).isEqualTo(FakeOpenAi.MODEL);
        assertThat(OwnerDatabase.jdbc(context).sql("SELECT prompt_tokens + completion_tokens FROM usage_daily WHERE bot_id = ?")
                .param(bot).query(Long.class).single()).isEqualTo(192L);
    }

    @Test
    void whenTheModelIsDownTheAnswerComesFromTheDocumentsAndSaysSo() {
        llm.always(Reply.status(503));
        ChatClient.Sent sent = client.send(client.start(bot), "How long do refunds take?");

        assertThat(sent.done().get("mode").asString()).isEqualTo("FALLBACK");
        assertThat(sent.text()).contains("five working days").contains("unavailable right now");
    }

    @Test
    void aStreamThatBreaksIsStoredIncompleteTheClientGetsAnErrorAndSendingAgainCompletesIt() {
        llm.enqueue(Reply.text("Refunds reach ", "your card ", "within five days.").dropAfter(2));
        llm.always(Reply.text("Refunds reach your card within five working days [1]."));
        UUID conversation = client.start(bot);
        ChatClient.Sent broken = client.send(conversation, "How long do refunds take?", "q-1");

        assertThat(broken.last().name()).isEqualTo("error");
        assertThat(broken.last().data().get("code").asString()).isEqualTo("stream_broken");
        assertThat(broken.last().data().get("retryable").asBoolean()).isTrue();
        assertThat(broken.text()).isEqualTo("Refunds reach your card ");
        JsonNode partial = client.history(conversation).get(1);
        assertThat(partial.get("complete").asBoolean()).isFalse();
        assertThat(partial.get("content").asString()).isEqualTo("Refunds reach your card ");

        ChatClient.Sent again = client.send(conversation, "How long do refunds take?", "q-1");
        assertThat(again.done().get("mode").asString()).isEqualTo("LLM");
        JsonNode history = client.history(conversation);
        assertThat(history).hasSize(2);
        assertThat(history.get(1).get("complete").asBoolean()).isTrue();
        assertThat(history.get(1).get("content").asString()).endsWith("five working days [1].");
    }

    @Test
    void aRepeatedFirstQuestionIsAnsweredFromCacheUntilTheKnowledgeChanges() {
        llm.always(Reply.text("Within five working days [1]."));
        client.send(client.start(bot), "How long do refunds take?");
        ChatClient.Sent repeated = client.send(client.start(bot), "how long do  refunds take?");
        assertThat(repeated.text()).isEqualTo("Within five working days [1].");
        assertThat(llm.chatRequestCount()).isEqualTo(1);

        add("Refunds update", "From May, refunds are paid back within two working days.");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            client.send(client.start(bot), "How long do refunds take?");
            assertThat(llm.chatRequestCount()).isGreaterThan(1);
        });
    }

    @Test
    void overTheMonthlyTokenBudgetTheAnswerIs429AndNothingGoesUpstream() {
        llm.always(Reply.text("Within five working days [1].").usage(90, 10));
        UUID conversation = client.start(bot);
        client.send(conversation, "How long do refunds take?");
        OwnerDatabase.jdbc(context).sql("UPDATE tenants SET max_llm_tokens_per_month = 100 WHERE id = ?").param(tenant.value()).update();

        ChatClient.Sent refused = client.send(conversation, "Do you ship to Norway?");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.error().get("error").asString()).contains("this month");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(llm.chatRequestCount()).isEqualTo(1);
    }

    @Test
    void aFollowUpIsRewrittenByTheModelBeforeSearching() {
        llm.enqueue(Reply.text("Parcels arrive within three days [1]."));
        llm.enqueue(Reply.text("Is shipping to Norway free?"));
        llm.always(Reply.text("Yes, shipping inside Norway is free [1]."));
        UUID conversation = client.start(bot);
        client.send(conversation, "How long does shipping to Norway take?");
        ChatClient.Sent followUp = client.send(conversation, "Is it free?");

        assertThat(llm.chatRequests().get(1).streamed()).as("the rewrite is a short, unstreamed call").isFalse();
        assertThat(llm.chatRequests().get(1).prompt()).contains("How long does shipping to Norway take?").contains("Is it free?");
        assertThat(followUp.sources().get(0).get("title").asString()).isEqualTo("Shipping");
        JsonNode answerPrompt = llm.chatRequests().get(2).json().get("messages");
        assertThat(answerPrompt.toString()).as("history goes to the model").contains("Parcels arrive within three days");
    }
}
