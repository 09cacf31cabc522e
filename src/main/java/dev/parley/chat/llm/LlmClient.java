package dev.parley.chat.llm;

import com.openai.client.OpenAIClient;
import com.openai.core.RequestOptions;
import com.openai.core.Timeout;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.errors.SseException;
import com.openai.models.chat.completions.ChatCompletion;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Chat completions from any OpenAI-compatible server, through the official SDK. Adds what the SDK
 * leaves to callers: retries only before the first token and never sleeping longer than
 * {@code max-retry-wait}, a circuit breaker per server, and treating a stream that ends without a
 * finish reason as broken.
 */
@Component
public class LlmClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LlmClient.class);
    private static final Duration WARM_UP_TIMEOUT = Duration.ofSeconds(5);

    private final LlmProperties properties;
    private final OpenAiClients clients;
    private final Breakers breakers;
    private final Backoff backoff;

    @Autowired
    public LlmClient(LlmProperties properties) {
        this(properties, Duration.ofMillis(500));
    }

    /** @param initialBackoff first retry delay when the server gives no Retry-After (tests shorten it) */
    LlmClient(LlmProperties properties, Duration initialBackoff) {
        this.properties = properties;
        this.clients = new OpenAiClients(properties);
        this.breakers = new Breakers(properties.circuitBreaker());
        this.backoff = new Backoff(initialBackoff);
    }

    /** The operator's endpoint, when {@code parley.llm.base-url} is set. */
    public Optional<LlmEndpoint> defaultEndpoint() {
        return Optional.ofNullable(properties.defaultEndpoint());
    }

    /**
     * Streams one chat completion; calls onDelta for each text piece; blocks until done.
     *
     * @throws LlmUnavailable   nothing was streamed (fall back to an extractive answer)
     * @throws LlmStreamBroken  it broke off after some text went to onDelta
     * @throws RuntimeException whatever onDelta threw, unchanged (the stream is closed)
     */
    public LlmResult stream(LlmEndpoint endpoint, List<LlmMessage> messages, Consumer<String> onDelta) {
        Objects.requireNonNull(onDelta, "onDelta");
        long start = System.nanoTime();
        CircuitBreaker breaker = permit(endpoint);
        try {
            LlmResult result = streamWithRetries(endpoint, messages, onDelta, start);
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return result;
        } catch (StreamAttempt.CallerFailure e) {
            breaker.releasePermission();
            throw (RuntimeException) e.getCause();
        } catch (LlmStreamBroken e) {
            if (Thread.currentThread().isInterrupted()) breaker.releasePermission(); // our side gave up
            else breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            log.warn("LLM stream from {} ({}) broke after {} chars: {}", Urls.safe(endpoint.baseUrl()), endpoint.model(),
                    e.partialText().length(), details(e));
            throw e;
        } catch (RuntimeException e) {
            throw failed(breaker, endpoint, Failures.unavailable(e), start);
        }
    }

    /** Short non-streamed completion (used to rewrite follow-up questions); throws LlmUnavailable on any failure. */
    public String complete(LlmEndpoint endpoint, List<LlmMessage> messages, int maxTokens, Duration timeout) {
        long start = System.nanoTime();
        CircuitBreaker breaker = permit(endpoint);
        // The whole call within timeout, no retries: the caller has a fallback and a user waiting.
        Duration connect = timeout.compareTo(properties.connectTimeout()) < 0 ? timeout : properties.connectTimeout();
        RequestOptions options = RequestOptions.builder()
                .timeout(Timeout.builder().connect(connect).read(timeout).write(timeout).request(timeout).build())
                .build();
        try {
            OpenAIClient client = clients.forEndpoint(endpoint);
            ChatCompletion completion = client.chat().completions()
                    .create(ChatRequests.build(endpoint, messages, maxTokens, false), options);
            String text = completion._choices().asKnown().orElse(List.of()).stream().findFirst()
                    .flatMap(c -> c._message().asKnown()).flatMap(m -> m._content().asKnown()).orElse("").strip();
            if (text.isEmpty()) throw new LlmUnavailable(Failures.INVALID, "empty completion", true, null);
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return text;
        } catch (RuntimeException e) {
            throw failed(breaker, endpoint, Failures.unavailable(e), start);
        }
    }

    private CircuitBreaker permit(LlmEndpoint endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        CircuitBreaker breaker = breakers.forUrl(endpoint.baseUrl());
        if (!breaker.tryAcquirePermission()) {
            throw new LlmUnavailable(Failures.CIRCUIT_OPEN, "circuit open for " + Urls.safe(endpoint.baseUrl()), false, null);
        }
        return breaker;
    }

    /** Counts the failure for the breaker unless it says nothing about the server (a 4xx, or our thread interrupted). */
    private LlmUnavailable failed(CircuitBreaker breaker, LlmEndpoint endpoint, LlmUnavailable e, long start) {
        if (e.endpointFault() && !Thread.currentThread().isInterrupted()) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
        } else {
            breaker.releasePermission();
        }
        log.warn("LLM call to {} ({}) failed: {}", Urls.safe(endpoint.baseUrl()), endpoint.model(), details(e));
        return e;
    }

    private static String details(RuntimeException e) {
        return e.getMessage(); // reason, detail and cause chain; never a response body
    }

    private LlmResult streamWithRetries(LlmEndpoint endpoint, List<LlmMessage> messages, Consumer<String> onDelta,
                                        long start) {
        OpenAIClient client = clients.forEndpoint(endpoint);
        for (int retry = 0; ; retry++) {
            try {
                return StreamAttempt.run(client, endpoint, messages, onDelta, start);
            } catch (LlmUnavailable | LlmStreamBroken | StreamAttempt.CallerFailure e) {
                throw e;
            } catch (RuntimeException e) {
                // Only failed HTTP responses get here: nothing was streamed, so a retry shows nothing twice.
                if (!retryable(e) || retry >= properties.maxRetries()) throw e;
                Duration wait = backoff.delay(retry, ((OpenAIServiceException) e).headers());
                if (wait.compareTo(properties.maxRetryWait()) > 0) {
                    LlmUnavailable u = Failures.unavailable(e);
                    throw new LlmUnavailable(u.reason(), "server asked to retry after " + wait.toSeconds() + " s", u.endpointFault(), e);
                }
                log.info("LLM endpoint {} answered {}; retry {} of {} in {} ms", Urls.safe(endpoint.baseUrl()),
                        Failures.describe(e), retry + 1, properties.maxRetries(), wait.toMillis());
                sleep(wait, e);
            }
        }
    }

    /** 429 and 5xx, as answers to the request; an error event inside a 200 stream is not retried. */
    private static boolean retryable(RuntimeException e) {
        return e instanceof RateLimitException
                || (e instanceof OpenAIServiceException s && !(e instanceof SseException) && s.statusCode() >= 500);
    }

    private static void sleep(Duration wait, RuntimeException cause) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw cause;
        }
    }

    /** Builds the default endpoint's client and opens a connection off the start-up path: the first question is then fast. */
    @EventListener(ApplicationReadyEvent.class)
    void warmUpInBackground() {
        defaultEndpoint().ifPresent(endpoint -> Thread.ofVirtual().name("llm-warm-up").start(() -> warmUp(endpoint)));
    }

    /** One cheap call (list models); failures are only logged, questions try the endpoint anyway. */
    boolean warmUp(LlmEndpoint endpoint) {
        long start = System.nanoTime();
        try {
            clients.forEndpoint(endpoint).models().list(RequestOptions.builder().timeout(Timeout.builder()
                    .connect(WARM_UP_TIMEOUT).read(WARM_UP_TIMEOUT).write(WARM_UP_TIMEOUT).request(WARM_UP_TIMEOUT).build()).build());
            log.info("LLM endpoint {} answered in {} ms", Urls.safe(endpoint.baseUrl()), (System.nanoTime() - start) / 1_000_000);
            return true;
        } catch (RuntimeException e) {
            log.info("LLM endpoint {} did not answer the warm-up call: {}", Urls.safe(endpoint.baseUrl()), Failures.describe(e));
            return false;
        }
    }

    @Override
    public void close() {
        clients.close();
    }
}
