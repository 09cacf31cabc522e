package dev.parley.chat.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.parley.chat.llm.FakeOpenAi.Reply;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** Against {@link FakeOpenAi}: no Spring, small timeouts (read 500 ms, max retry wait 3 s). */
class LlmClientTest {

    static final Duration READ_TIMEOUT = Duration.ofMillis(500);
    static final List<LlmMessage> MESSAGES = List.of(
            new LlmMessage(LlmMessage.Role.SYSTEM, "Answer from the documents."),
            new LlmMessage(LlmMessage.Role.USER, "What is Parley?"));

    static FakeOpenAi fake;
    LlmClient client;
    final List<String> deltas = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startFake() {
        fake = FakeOpenAi.start();
        try (LlmClient warm = client(0)) { // class loading and the first client build take seconds: not in the timings below
            warm.stream(fake.endpoint(), MESSAGES, piece -> { });
        }
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @BeforeEach
    void newClient() {
        fake.reset();
        client = client(2);
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    static LlmClient client(int maxRetries) {
        LlmProperties properties = new LlmProperties(fake.baseUrl(), FakeOpenAi.API_KEY, null, -1, 0,
                Duration.ofSeconds(1), READ_TIMEOUT, maxRetries, Duration.ofSeconds(3), null);
        return new LlmClient(properties, Duration.ofMillis(10));
    }

    LlmResult stream() {
        return client.stream(fake.endpoint(), MESSAGES, deltas::add);
    }

    // ---- normal answers ----

    @Test
    void streamsPiecesInOrderWithUsageAndFinishReason() {
        fake.enqueue(Reply.text("Parley", " answers", " questions.").usage(21, 3).firstChunkAfter(Duration.ofMillis(20)));

        LlmResult result = stream();

        assertThat(deltas).containsExactly("Parley", " answers", " questions.");
        assertThat(result.text()).isEqualTo("Parley answers questions.");
        assertThat(result.promptTokens()).isEqualTo(21);
        assertThat(result.completionTokens()).isEqualTo(3);
        assertThat(result.finishReason()).isEqualTo("stop");
        assertThat(result.firstTokenMs()).isPositive();
        assertThat(result.totalMs()).isGreaterThanOrEqualTo(result.firstTokenMs());
    }

    @Test
    void sendsMaxTokensTemperatureAndAsksForUsage() {
        stream();

        FakeOpenAi.Recorded request = fake.chatRequests().getFirst();
        JsonNode body = request.json();
        assertThat(body.path("model").asString()).isEqualTo(FakeOpenAi.MODEL);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(600);
        assertThat(body.has("max_completion_tokens")).isFalse();
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(body.path("messages").get(0).path("role").asString()).isEqualTo("system");
        assertThat(body.path("messages").get(1).path("content").asString()).isEqualTo("What is Parley?");
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + FakeOpenAi.API_KEY);
    }

    @Test
    void estimatesTokensWhenTheServerSendsNoUsage() {
        fake.enqueue(Reply.text("12345678").withoutUsage());

        LlmResult result = stream();

        assertThat(result.completionTokens()).isEqualTo(2); // 8 chars / 4
        assertThat(result.promptTokens()).isEqualTo(("Answer from the documents.".length() + "What is Parley?".length() + 3) / 4);
    }

    @Test
    void aSlowButSteadyStreamMayTakeLongerThanTheReadTimeout() {
        fake.enqueue(Reply.tokens(10, Duration.ofMillis(150)));

        LlmResult result = stream();

        assertThat(deltas).hasSize(10);
        assertThat(result.totalMs()).isGreaterThan(READ_TIMEOUT.toMillis() * 2);
        assertThat(result.finishReason()).isEqualTo("stop");
    }

    @Test
    void aCleanEndWithAFinishReasonButWithoutDoneIsAccepted() {
        fake.enqueue(Reply.text("Fine.").withoutDone());

        assertThat(stream().text()).isEqualTo("Fine.");
    }

    // ---- retries before the first token ----

    @Test
    void retriesA429AfterItsRetryAfter() {
        fake.enqueue(Reply.status(429).header("Retry-After", "1"), Reply.text("ok"));
        long start = System.nanoTime();

        LlmResult result = stream();

        assertThat(result.text()).isEqualTo("ok");
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(1000);
        assertThat(fake.chatRequestCount()).isEqualTo(2);
    }

    @Test
    void honoursRetryAfterMs() {
        fake.enqueue(Reply.status(429).header("retry-after-ms", "40"), Reply.text("ok"));

        assertThat(stream().text()).isEqualTo("ok");
        assertThat(fake.chatRequestCount()).isEqualTo(2);
    }

    @Test
    void aRetryAfterLongerThanMaxRetryWaitFailsAtOnce() {
        fake.enqueue(Reply.status(429).header("Retry-After", "3600"), Reply.text("never"));
        long start = System.nanoTime();

        LlmUnavailable e = catchThrowableOfType(LlmUnavailable.class, this::stream);

        assertThat(e.reason()).isEqualTo(Failures.BUSY);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
        assertThat(fake.chatRequestCount()).isEqualTo(1);
    }

    @Test
    void retries503ThenSucceeds() {
        fake.enqueue(Reply.status(503), Reply.status(503), Reply.text("ok"));

        assertThat(stream().text()).isEqualTo("ok");
        assertThat(fake.chatRequestCount()).isEqualTo(3);
    }

    @Test
    void givesUpAfterMaxRetries() {
        fake.always(Reply.status(503));

        LlmUnavailable e = catchThrowableOfType(LlmUnavailable.class, this::stream);

        assertThat(e.reason()).isEqualTo(Failures.SERVER_ERROR);
        assertThat(fake.chatRequestCount()).isEqualTo(3); // maxRetries 2 + 1
        assertThat(deltas).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 422})
    void clientErrorsAreNotRetried(int status) {
        fake.always(Reply.status(status));

        LlmUnavailable e = catchThrowableOfType(LlmUnavailable.class, this::stream);

        assertThat(e.reason()).isIn(Failures.REJECTED, Failures.REFUSED_KEY, Failures.UNKNOWN_MODEL);
        assertThat(fake.chatRequestCount()).isEqualTo(1);
    }

    @Test
    void refusedKeyIsReportedWithoutTheKey() {
        fake.always(Reply.status(401, "{\"error\":{\"message\":\"Incorrect API key provided: test-key\"}}"));

        LlmUnavailable e = catchThrowableOfType(LlmUnavailable.class, this::stream);

        assertThat(e.reason()).isEqualTo(Failures.REFUSED_KEY);
        assertThat(e.getMessage()).doesNotContain(FakeOpenAi.API_KEY);
    }

    // ---- timeouts ----

    @Test
    void aFirstByteLaterThanTheReadTimeoutIsUnavailable() {
        fake.enqueue(Reply.text("late").firstByteAfter(Duration.ofMillis(2000)));
        long start = System.nanoTime();

        LlmUnavailable e = catchThrowableOfType(LlmUnavailable.class, this::stream);

        assertThat(e.reason()).isEqualTo(Failures.TIMED_OUT);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1500);
        assertThat(fake.chatRequestCount()).isEqualTo(1); // timeouts are not retried
    }

    @Test
    void aFirstChunkLaterThanTheReadTimeoutIsUnavailable() {
        fake.enqueue(Reply.text("late").firstChunkAfter(Duration.ofMillis(2000)));

        LlmUnavailable e = catchThrowableOfType(LlmUnavailable.class, this::stream);

        assertThat(e.reason()).isEqualTo(Failures.TIMED_OUT);
    }

    @Test
    void aStallMidStreamIsBrokenWithThePartialText() {
        fake.enqueue(Reply.text("one ", "two ", "three").stallAfter(2, Duration.ofMillis(2000)));

        LlmStreamBroken e = catchThrowableOfType(LlmStreamBroken.class, this::stream);

        assertThat(e.partialText()).isEqualTo("one two ");
        assertThat(e.reason()).isEqualTo(Failures.TIMED_OUT);
    }

    // ---- broken streams ----

    @Test
    void aDroppedConnectionIsBrokenWithThePartialText() {
        fake.enqueue(Reply.tokens(5, Duration.ZERO).dropAfter(3));

        LlmStreamBroken e = catchThrowableOfType(LlmStreamBroken.class, this::stream);

        assertThat(e.partialText()).isEqualTo("t1 t2 t3 ");
        assertThat(deltas).containsExactly("t1 ", "t2 ", "t3 ");
        assertThat(e.completionTokens()).isEqualTo(3); // estimated: 9 chars
        assertThat(e.promptTokens()).isPositive();
        assertThat(fake.chatRequestCount()).isEqualTo(1); // never retried once text went out
    }

    @Test
    void aDroppedConnectionBeforeAnyTextIsUnavailable() {
        fake.enqueue(Reply.tokens(5, Duration.ZERO).dropAfter(0));

        assertThatThrownBy(this::stream).isInstanceOf(LlmUnavailable.class);
        assertThat(fake.chatRequestCount()).isEqualTo(1);
    }

    @Test
    void aMalformedChunkAfterTextIsBroken() {
        fake.enqueue(Reply.text("a", "b", "c").malformedAfter(2));

        LlmStreamBroken e = catchThrowableOfType(LlmStreamBroken.class, this::stream);

        assertThat(e.partialText()).isEqualTo("ab");
        assertThat(e.reason()).isEqualTo(Failures.INVALID);
    }

    @Test
    void aMalformedFirstChunkIsUnavailable() {
        fake.enqueue(Reply.text("a", "b").malformedAfter(0));

        LlmUnavailable e = catchThrowableOfType(LlmUnavailable.class, this::stream);

        assertThat(e.reason()).isEqualTo(Failures.INVALID);
    }

    @Test
    void anErrorEventAfterTextIsBroken() {
        fake.enqueue(Reply.text("a", "b", "c").errorEventAfter(1));

        LlmStreamBroken e = catchThrowableOfType(LlmStreamBroken.class, this::stream);

        assertThat(e.partialText()).isEqualTo("a");
        assertThat(e.reason()).isEqualTo(Failures.STREAM_ERROR);
    }

    @Test
    void anErrorEventBeforeTextIsUnavailableAndNotRetried() {
        fake.enqueue(Reply.text("a").errorEventAfter(0));

        LlmUnavailable e = catchThrowableOfType(LlmUnavailable.class, this::stream);

        assertThat(e.reason()).isEqualTo(Failures.STREAM_ERROR);
        assertThat(fake.chatRequestCount()).isEqualTo(1);
    }

    @Test
    void aStreamWithoutDoneOrFinishReasonIsBroken() {
        fake.enqueue(Reply.text("cut", " short").withoutDone().withoutFinishReason().withoutUsage());

        LlmStreamBroken e = catchThrowableOfType(LlmStreamBroken.class, this::stream);

        assertThat(e.partialText()).isEqualTo("cut short");
        assertThat(e.reason()).isEqualTo(Failures.ENDED_EARLY);
    }

    @Test
    void doneWithoutAnyFinishReasonIsBroken() {
        fake.enqueue(Reply.text("cut").withoutFinishReason());

        assertThatThrownBy(this::stream).isInstanceOf(LlmStreamBroken.class);
    }

    @Test
    void anEmptyStreamIsUnavailable() {
        fake.enqueue(Reply.text().withoutFinishReason().withoutDone());

        LlmUnavailable e = catchThrowableOfType(LlmUnavailable.class, this::stream);

        assertThat(e.reason()).isEqualTo(Failures.ENDED_EARLY);
    }

    @Test
    void anEmptyAnswerIsUnavailable() {
        fake.enqueue(Reply.text().finishReason("length"));

        LlmUnavailable e = catchThrowableOfType(LlmUnavailable.class, this::stream);

        assertThat(e.reason()).isEqualTo(Failures.EMPTY);
    }

    @Test
    void whatOnDeltaThrowsComesBackUnchanged() {
        fake.enqueue(Reply.text("a", "b"));
        IllegalStateException gone = new IllegalStateException("user went away");

        assertThatThrownBy(() -> client.stream(fake.endpoint(), MESSAGES, piece -> {
            throw gone;
        })).isSameAs(gone);
    }

    // ---- circuit breaker ----

    @Test
    void theCircuitOpensAfterRepeatedFailuresAndThenMakesNoRequest() {
        try (LlmClient noRetries = client(0)) {
            fake.always(Reply.status(503));
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> noRetries.stream(fake.endpoint(), MESSAGES, deltas::add))
                        .isInstanceOf(LlmUnavailable.class);
            }
            assertThat(fake.chatRequestCount()).isEqualTo(5);

            LlmUnavailable e = catchThrowableOfType(LlmUnavailable.class,
                    () -> noRetries.stream(fake.endpoint(), MESSAGES, deltas::add));
            assertThat(e.reason()).isEqualTo(Failures.CIRCUIT_OPEN);
            assertThatThrownBy(() -> noRetries.complete(fake.endpoint(), MESSAGES, 50, Duration.ofSeconds(1)))
                    .isInstanceOf(LlmUnavailable.class);
            assertThat(fake.chatRequestCount()).isEqualTo(5);
        }
    }

    @Test
    void anOpenCircuitLetsACallThroughAfterItsOpenTime() throws InterruptedException {
        LlmProperties properties = new LlmProperties(fake.baseUrl(), FakeOpenAi.API_KEY, null, -1, 0, Duration.ofSeconds(1),
                READ_TIMEOUT, 0, null, new LlmProperties.CircuitBreakerSettings(50, 4, 2, Duration.ofMillis(300)));
        try (LlmClient shortOpen = new LlmClient(properties, Duration.ofMillis(10))) {
            fake.always(Reply.status(500));
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> shortOpen.stream(fake.endpoint(), MESSAGES, deltas::add)).isInstanceOf(LlmUnavailable.class);
            }
            assertThat(catchThrowableOfType(LlmUnavailable.class, () -> shortOpen.stream(fake.endpoint(), MESSAGES, deltas::add))
                    .reason()).isEqualTo(Failures.CIRCUIT_OPEN);

            Thread.sleep(400);
            fake.always(Reply.text("back"));
            assertThat(shortOpen.stream(fake.endpoint(), MESSAGES, deltas::add).text()).isEqualTo("back");
            assertThat(fake.chatRequestCount()).isEqualTo(3);
        }
    }

    @Test
    void brokenStreamsCountForTheCircuit() {
        try (LlmClient noRetries = client(0)) {
            fake.always(Reply.tokens(3, Duration.ZERO).dropAfter(1));
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> noRetries.stream(fake.endpoint(), MESSAGES, deltas::add))
                        .isInstanceOf(LlmStreamBroken.class);
            }
            LlmUnavailable e = catchThrowableOfType(LlmUnavailable.class,
                    () -> noRetries.stream(fake.endpoint(), MESSAGES, deltas::add));
            assertThat(e.reason()).isEqualTo(Failures.CIRCUIT_OPEN);
        }
    }

    @Test
    void aRefusedKeyDoesNotOpenTheCircuitForOthersOnTheSameServer() {
        fake.always(Reply.status(401));
        for (int i = 0; i < 8; i++) assertThatThrownBy(this::stream).isInstanceOf(LlmUnavailable.class);
        fake.always(Reply.text("ok"));

        assertThat(stream().text()).isEqualTo("ok");
        assertThat(fake.chatRequestCount()).isEqualTo(9);
    }

    // ---- complete() ----

    @Test
    void completeReturnsTheWholeAnswer() {
        fake.enqueue(Reply.text("How do I reset", " my password?"));

        String text = client.complete(fake.endpoint(), MESSAGES, 64, Duration.ofSeconds(2));

        assertThat(text).isEqualTo("How do I reset my password?");
        JsonNode body = fake.chatRequests().getFirst().json();
        assertThat(body.path("max_tokens").asInt()).isEqualTo(64);
        assertThat(body.path("stream").asBoolean(false)).isFalse();
    }

    @Test
    void completeGivesUpAfterItsTimeout() {
        fake.enqueue(Reply.text("late").firstByteAfter(Duration.ofMillis(3000)));
        long start = System.nanoTime();

        LlmUnavailable e = catchThrowableOfType(LlmUnavailable.class,
                () -> client.complete(fake.endpoint(), MESSAGES, 64, Duration.ofMillis(300)));

        assertThat(e.reason()).isEqualTo(Failures.TIMED_OUT);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1500);
        assertThat(fake.chatRequestCount()).isEqualTo(1);
    }

    @Test
    void completeFailsOnAnErrorStatusWithoutRetrying() {
        fake.always(Reply.status(500));

        assertThatThrownBy(() -> client.complete(fake.endpoint(), MESSAGES, 64, Duration.ofSeconds(1)))
                .isInstanceOf(LlmUnavailable.class);
        assertThat(fake.chatRequestCount()).isEqualTo(1);
    }

    // ---- set-up ----

    @Test
    void warmUpListsModelsAndToleratesADeadEndpoint() throws IOException {
        assertThat(client.warmUp(fake.endpoint())).isTrue();
        assertThat(fake.requests()).anySatisfy(r -> assertThat(r.path()).isEqualTo("/v1/models"));

        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        assertThat(client.warmUp(new LlmEndpoint("http://127.0.0.1:" + deadPort + "/v1", "k", "m", 0, 10))).isFalse();
    }

    @Test
    void echoAndRateModesOfTheFake() {
        fake.enqueue(Reply.echo());
        assertThat(stream().text()).isEqualTo("Answer from the documents.\n\nWhat is Parley?");
        deltas.clear();

        fake.enqueue(Reply.tokens(4, Duration.ofMillis(10)));
        assertThat(stream().text()).isEqualTo("t1 t2 t3 t4 ");
    }

    @Test
    void defaultEndpointOnlyWithABaseUrl() {
        assertThat(new LlmClient(LlmProperties.of(null, null)).defaultEndpoint()).isEmpty();
        assertThat(new LlmClient(LlmProperties.of(" ", "k")).defaultEndpoint()).isEmpty();

        LlmEndpoint endpoint = new LlmClient(LlmProperties.of("http://localhost:11434/v1", "secret")).defaultEndpoint().orElseThrow();
        assertThat(endpoint).isEqualTo(new LlmEndpoint("http://localhost:11434/v1", "secret", "gpt-4o-mini", 0.2, 600));
        assertThat(endpoint.toString()).doesNotContain("secret");
    }
}
