package dev.parley.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.TestWorkspaces;
import dev.parley.WebIntegrationTest;
import dev.parley.knowledge.AwaitDocument;
import dev.parley.knowledge.KnowledgeService;
import dev.parley.tenancy.AnswerSettings;
import dev.parley.tenancy.ApiKeyService;
import dev.parley.tenancy.ApiScope;
import dev.parley.tenancy.BotService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContextHolder;
import tools.jackson.databind.JsonNode;

/** The chat API without an LLM (the default): extractive answers, refusals, replays, feedback. */
class ChatApiTest extends WebIntegrationTest {

    @Autowired TestWorkspaces workspaces;
    @Autowired BotService bots;
    @Autowired ApiKeyService keys;
    @Autowired KnowledgeService knowledge;

    UUID bot;
    ChatClient client;

    @BeforeEach
    void workspaceWithTheProjectsOwnDocs() throws Exception {
        workspaces.newOwner();
        bot = workspaces.newBot("Docs helper").id();
        for (String file : new String[] {"README.md", "docs/operations.md"}) {
            AwaitDocument.finished(knowledge, knowledge.addText(bot, file, Files.readString(Path.of(file))).id());
        }
        client = new ChatClient(baseUrl(), keys.create("chat", Set.of(ApiScope.CHAT)).secretKey());
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void anExtractiveAnswerStreamsSourcesTextAndDoneAndNamesTheRightSource() {
        UUID conversation = client.start(bot);
        ChatClient.Sent sent = client.send(conversation, "How do I back up Parley?");

        assertThat(sent.status()).isEqualTo(200);
        assertThat(sent.events().getFirst().name()).isEqualTo("sources");
        assertThat(sent.events()).extracting(ChatClient.Event::name).contains("delta").last().isEqualTo("done");
        assertThat(sent.text()).contains("backup");
        assertThat(sent.done().get("mode").asString()).isEqualTo("EXTRACTIVE");
        int cited = Integer.parseInt(sent.text().replaceAll("(?s).*?\\[(\\d+)].*", "$1"));
        JsonNode source = sent.sources().get(cited - 1);
        assertThat(source.get("title").asString()).isEqualTo("docs/operations.md");
        assertThat(source.get("score").asDouble()).isPositive();

        JsonNode history = client.history(conversation);
        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("role").asString()).isEqualTo("USER");
        JsonNode answer = history.get(1);
        assertThat(answer.get("content").asString()).isEqualTo(sent.text());
        assertThat(answer.get("mode").asString()).isEqualTo("EXTRACTIVE");
        assertThat(answer.get("sources")).isNotEmpty();
        assertThat(answer.get("totalMs").asInt()).isGreaterThanOrEqualTo(answer.get("firstTokenMs").asInt());
        assertThat(answer.get("complete").asBoolean()).isTrue();
    }

    @Test
    void aQuestionTheDocumentsDoNotCoverGetsTheBotsOwnWordingAndIsRecordedUnanswered() {
        bots.updateAnswerSettings(bot, new AnswerSettings("Sorry, I don't know that one.", "Write to help@example.com.",
                null, null, null, null, null), null);
        UUID conversation = client.start(bot);
        ChatClient.Sent sent = client.send(conversation, "What is the boiling point of tungsten on Mars?");

        assertThat(sent.text()).isEqualTo("Sorry, I don't know that one.\n\nWrite to help@example.com.");
        assertThat(sent.done().get("mode").asString()).isEqualTo("UNANSWERED");
        assertThat(sent.sources()).isEmpty();
        assertThat(client.history(conversation).get(1).get("mode").asString()).isEqualTo("UNANSWERED");
    }

    @Test
    void changedWordingIsUsedAtOnceEvenForARepeatedQuestion() {
        String question = "What is the boiling point of tungsten on Mars?";
        assertThat(client.send(client.start(bot), question).text()).startsWith("I'm sorry");
        bots.updateAnswerSettings(bot, new AnswerSettings("No idea, sorry.", "", null, null, null, null, null), null);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(client.send(client.start(bot), question).text()).isEqualTo("No idea, sorry."));
    }

    @Test
    void sendingTheSameMessageAgainReplaysTheAnswerWithoutStoringAnything() {
        UUID conversation = client.start(bot);
        ChatClient.Sent first = client.send(conversation, "Which port does Parley use?", "msg-1");
        ChatClient.Sent again = client.send(conversation, "Which port does Parley use?", "msg-1");

        assertThat(again.done().get("messageId")).isEqualTo(first.done().get("messageId"));
        assertThat(again.text()).isEqualTo(first.text());
        assertThat(client.history(conversation)).hasSize(2);

        ChatClient.Sent reused = client.send(conversation, "Something else entirely", "msg-1");
        assertThat(reused.status()).isEqualTo(409);
        assertThat(reused.error().get("error").asString()).contains("already used");
        assertThat(client.history(conversation)).hasSize(2);
    }

    @Test
    void emptyAndHugeMessagesAreRefusedWithAClearErrorAndNothingIsStored() {
        UUID conversation = client.start(bot);
        ChatClient.Sent empty = client.send(conversation, "   ");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.error().get("error").asString()).isEqualTo("Write a message first.");

        ChatClient.Sent huge = client.send(conversation, "a".repeat(200_000));
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.error().get("error").asString()).contains("at most 4,000 characters").contains("200,000");

        assertThat(client.history(conversation)).isEmpty();
        assertThat(client.send(conversation, "How do I start Parley?").done().get("mode").asString()).isEqualTo("EXTRACTIVE");
    }

    @Test
    void theBotsDailyCapAnswers429WithRetryAfterAndKeepsTheQuestion() {
        bots.updateAnswerSettings(bot, new AnswerSettings("", "", 1, null, null, null, null), null);
        UUID conversation = client.start(bot);
        assertThat(client.send(conversation, "How do I start Parley?").status()).isEqualTo(200);

        ChatClient.Sent refused = client.send(conversation, "How do I back up Parley?");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.error().get("error").asString()).contains("today");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 86_400L);
        assertThat(client.history(conversation)).as("the refused question is kept, unanswered").hasSize(3)
                .last().satisfies(m -> assertThat(m.get("role").asString()).isEqualTo("USER"));
    }

    @Test
    void answersCanBeRatedUpAndDownAndBadRatingsAreRefused() {
        UUID conversation = client.start(bot);
        String answer = client.send(conversation, "How do I back up Parley?").done().get("messageId").asString();

        assertThat(client.call("POST", "/api/v1/messages/" + answer + "/feedback", "{\"rating\":\"up\"}").statusCode()).isEqualTo(204);
        assertThat(client.history(conversation).get(1).get("rating").asInt()).isEqualTo(1);
        assertThat(client.call("POST", "/api/v1/messages/" + answer + "/feedback",
                "{\"rating\":\"down\",\"comment\":\"Missing the restore step\"}").statusCode()).isEqualTo(204);
        assertThat(client.history(conversation).get(1).get("rating").asInt()).isEqualTo(-1);

        var sideways = client.call("POST", "/api/v1/messages/" + answer + "/feedback", "{\"rating\":\"sideways\"}");
        assertThat(sideways.statusCode()).isEqualTo(400);
        assertThat(sideways.body()).contains("Rate with up or down.");
        String question = client.history(conversation).get(0).get("id").asString();
        assertThat(client.call("POST", "/api/v1/messages/" + question + "/feedback", "{\"rating\":\"up\"}").statusCode())
                .as("questions are not rated").isEqualTo(404);
        assertThat(client.call("POST", "/api/v1/messages/" + answer + "/feedback", "{\"rating\":\"up\",\"comment\":\""
                + "x".repeat(2001) + "\"}").statusCode()).isEqualTo(400);
        assertThat(client.history(conversation).get(1).get("rating").asInt()).as("unchanged by refused ratings").isEqualTo(-1);
    }

    @Test
    void anotherTenantsKeyFindsNoConversationAndNoKeyOrScopeGetsIn() {
        UUID conversation = client.start(bot);
        String answer = client.send(conversation, "How do I start Parley?").done().get("messageId").asString();

        workspaces.newOwner();
        ChatClient stranger = new ChatClient(baseUrl(), keys.create("other", Set.of(ApiScope.CHAT)).secretKey());
        assertThat(stranger.history(conversation)).isNull();
        assertThat(stranger.send(conversation, "hello").status()).isEqualTo(404);
        assertThat(stranger.call("POST", "/api/v1/messages/" + answer + "/feedback", "{\"rating\":\"down\"}").statusCode()).isEqualTo(404);
        assertThat(stranger.call("POST", "/api/v1/bots/" + bot + "/conversations", "{}").statusCode()).isEqualTo(404);

        ChatClient readOnly = new ChatClient(baseUrl(), keys.create("read", Set.of(ApiScope.KNOWLEDGE_READ)).secretKey());
        assertThat(readOnly.call("POST", "/api/v1/bots/" + bot + "/conversations", "{}").statusCode()).isEqualTo(403);
        assertThat(new ChatClient(baseUrl(), null).call("POST", "/api/v1/bots/" + bot + "/conversations", "{}").statusCode()).isEqualTo(401);
        assertThat(client.history(conversation)).hasSize(2);
    }
}
