package dev.parley.knowledge.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.knowledge.embedding.FakeOpenAi.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI-compatible embedder against a local fake of /v1/embeddings: what it sends, what it
 * retries (the SDK's retry honouring Retry-After), and what each failure tells the console.
 */
class OpenAiEmbedderTest {

    static FakeOpenAi server;

    @BeforeAll
    static void start() throws Exception {
        server = new FakeOpenAi();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    OpenAiEmbedder embedder(int maxRetries) {
        return new OpenAiEmbedder(TestEmbedders.settings(server.baseUrl(), "sk-test-key", maxRetries, Duration.ofSeconds(5)));
    }

    @Test
    void sendsModelDimensionsAndKeyAndReturnsVectorsInInputOrder() {
        server.script(body -> FakeOpenAi.vectors(body, 384));
        try (OpenAiEmbedder e = embedder(2)) {
            List<float[]> vectors = e.embed(List.of("first", "second", "third"));
            assertThat(vectors).hasSize(3).allSatisfy(v -> assertThat(v).hasSize(384));
            // The fake lists data in reverse; element 0 of each vector is its index + 1.
            assertThat(vectors).extracting(v -> v[0]).containsExactly(1f, 2f, 3f);
            assertThat(e.model()).isEqualTo("openai:text-embedding-3-small");
        }
        var request = server.seen().getFirst();
        assertThat(request.authorization()).isEqualTo("Bearer sk-test-key");
        assertThat(request.body()).contains("\"model\":\"text-embedding-3-small\"", "\"dimensions\":384",
                "\"encoding_format\":\"float\"", "\"input\":[\"first\",\"second\",\"third\"]");
    }

    @Test
    void splitsLargeInputsIntoBatches() {
        server.script(body -> FakeOpenAi.vectors(body, 384));
        var settings = new EmbeddingProperties.OpenAi(server.baseUrl(), "k", "text-embedding-3-small", 384, 2,
                Duration.ofSeconds(2), Duration.ofSeconds(5), 0, false);
        try (OpenAiEmbedder e = new OpenAiEmbedder(settings)) {
            assertThat(e.embed(List.of("a1", "b2", "c3", "d4", "e5"))).hasSize(5);
        }
        assertThat(server.seen()).hasSize(3);
    }

    @Test
    void rateLimitIsRetriedAfterTheServersRetryAfter() {
        server.script(body -> FakeOpenAi.error(429, "Rate limit reached", Map.of("Retry-After", "1")),
                body -> FakeOpenAi.vectors(body, 384));
        try (OpenAiEmbedder e = embedder(2)) {
            assertThat(e.embed(List.of("hello"))).hasSize(1);
        }
        assertThat(server.seen()).hasSize(2);
        long waitedMs = (server.seen().get(1).atNanos() - server.seen().get(0).atNanos()) / 1_000_000;
        assertThat(waitedMs).as("waited for Retry-After: 1").isBetween(950L, 3000L);
    }

    @Test
    void persistentRateLimitEndsAsATransientFailure() {
        server.script(body -> FakeOpenAi.error(429, "Rate limit reached", Map.of("retry-after-ms", "20")));
        try (OpenAiEmbedder e = embedder(2)) {
            assertThatThrownBy(() -> e.embed(List.of("hello"))).isInstanceOfSatisfying(EmbeddingFailure.class, f -> {
                assertThat(f.permanent()).isFalse();
                assertThat(f).hasMessageContaining("rate-limiting").hasMessageContaining("429");
            });
        }
        assertThat(server.seen()).hasSize(3);
    }

    @Test
    void serverErrorsAreRetriedThenReportedAsTransient() {
        server.script(body -> FakeOpenAi.error(500, "boom", Map.of()), body -> FakeOpenAi.error(502, "bad gateway", Map.of()),
                body -> FakeOpenAi.error(503, "overloaded", Map.of()));
        try (OpenAiEmbedder e = embedder(2)) {
            assertThatThrownBy(() -> e.embed(List.of("hello"))).isInstanceOfSatisfying(EmbeddingFailure.class, f -> {
                assertThat(f.permanent()).isFalse();
                assertThat(f).hasMessage("The embedding service failed (HTTP 503) after 2 retries (model text-embedding-3-small).");
            });
        }
        assertThat(server.seen()).hasSize(3);

        server.script(body -> FakeOpenAi.error(500, "boom", Map.of()), body -> FakeOpenAi.vectors(body, 384));
        try (OpenAiEmbedder e = embedder(2)) {
            assertThat(e.embed(List.of("hello"))).hasSize(1);
        }
    }

    @Test
    void unauthorizedIsNotRetriedAndIsPermanentWithoutEchoingTheServer() {
        server.script(body -> FakeOpenAi.error(401, "Incorrect API key provided: sk-tes***key", Map.of()));
        try (OpenAiEmbedder e = embedder(2)) {
            assertThatThrownBy(() -> e.embed(List.of("hello"))).isInstanceOfSatisfying(EmbeddingFailure.class, f -> {
                assertThat(f.permanent()).isTrue();
                assertThat(f).hasMessageContaining("refused the API key (HTTP 401)").hasMessageContaining("parley.embedding.openai.api-key")
                        .hasMessageNotContaining("sk-").hasMessageNotContaining("127.0.0.1");
            });
        }
        assertThat(server.seen()).hasSize(1);
    }

    @Test
    void malformedJsonIsATransientFailure() {
        server.script(body -> Reply.ok("{\"object\":\"list\",\"data\":[{\"embedding\": oops"));
        try (OpenAiEmbedder e = embedder(2)) {
            assertThatThrownBy(() -> e.embed(List.of("hello"))).isInstanceOfSatisfying(EmbeddingFailure.class, f -> {
                assertThat(f.permanent()).isFalse();
                assertThat(f).hasMessageContaining("not valid embeddings JSON");
            });
        }
    }

    @Test
    void wrongWidthIsPermanentAndRefusedAtStartup() {
        server.script(body -> FakeOpenAi.vectors(body, 1536));
        try (OpenAiEmbedder e = embedder(2)) {
            assertThatThrownBy(() -> e.embed(List.of("hello"))).isInstanceOfSatisfying(EmbeddingFailure.class, f -> {
                assertThat(f.permanent()).isTrue();
                assertThat(f).hasMessageContaining("returned 1536 dimensions").hasMessageContaining("stores 384");
            });
        }
        assertThatThrownBy(() -> OpenAiSetup.verified(TestEmbedders.settings(server.baseUrl(), "k", 0, Duration.ofSeconds(5))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("returned 1536 dimensions");
    }

    @Test
    void startupAcceptsAGoodServiceAndToleratesAnUnreachableOne() {
        server.script(body -> FakeOpenAi.vectors(body, 384));
        try (OpenAiEmbedder e = OpenAiSetup.verified(TestEmbedders.settings(server.baseUrl(), "k", 0, Duration.ofSeconds(5)))) {
            assertThat(server.seen()).hasSize(1);
        }
        server.script(body -> FakeOpenAi.error(503, "starting", Map.of()));
        try (OpenAiEmbedder e = OpenAiSetup.verified(TestEmbedders.settings(server.baseUrl(), "k", 2, Duration.ofSeconds(5)))) {
            assertThat(e.model()).isEqualTo("openai:text-embedding-3-small");
        }
        assertThat(server.seen()).as("the start-up check makes one attempt, whatever max-retries says").hasSize(1);
    }

    @Test
    void refusesConfigurationsThatCannotFillTheColumn() {
        var base = TestEmbedders.settings(server.baseUrl(), "k", 0, Duration.ofSeconds(5));
        assertThatThrownBy(() -> OpenAiSetup.verified(new EmbeddingProperties.OpenAi(base.baseUrl(), "k", base.model(), 1536, 64,
                base.connectTimeout(), base.timeout(), 0, false)))
                .hasMessageContaining("parley.embedding.openai.dimensions is 1536").hasMessageContaining("vector(384)");
        assertThatThrownBy(() -> OpenAiSetup.verified(base.withModel("text-embedding-ada-002")))
                .hasMessageContaining("text-embedding-ada-002 always returns 1536 dimensions");
        assertThatThrownBy(() -> OpenAiSetup.verified(new EmbeddingProperties.OpenAi(base.baseUrl(), " ", base.model(), 384, 64,
                base.connectTimeout(), base.timeout(), 0, false)))
                .hasMessageContaining("needs parley.embedding.openai.api-key");
    }

    @Test
    void aStalledServiceTimesOutAsATransientFailure() {
        server.script(body -> new Reply(200, Map.of(), "{}", 3000));
        try (OpenAiEmbedder e = new OpenAiEmbedder(TestEmbedders.settings(server.baseUrl(), "k", 0, Duration.ofMillis(300)))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> e.embed(List.of("hello"))).isInstanceOfSatisfying(EmbeddingFailure.class, f -> {
                assertThat(f.permanent()).isFalse();
                assertThat(f).hasMessageContaining("could not be reached or timed out");
            });
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2500);
        }
    }
}
