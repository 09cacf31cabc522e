package dev.parley.chat.llm;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operator's default LLM; tenants may bring their own endpoints, which share the timeouts,
 * retries and circuit-breaker settings below.
 *
 * @param baseUrl        up to and including {@code /v1}; empty = no LLM (extractive answers only)
 * @param apiKey         bearer token; servers without authentication accept any value
 * @param model          default model
 * @param temperature    default sampling temperature (0 is kept: greedy decoding is a real choice)
 * @param maxTokens      default cap on an answer's length
 * @param connectTimeout TCP/TLS connect
 * @param readTimeout    longest silence between two stream chunks (and before the first one); a
 *                       long answer that keeps streaming is never cut off
 * @param maxRetries     retries of 429/5xx before the first token
 * @param maxRetryWait   longest wait between retries; a server asking for a longer Retry-After
 *                       fails the call at once instead
 * @param circuitBreaker per endpoint base URL
 */
@ConfigurationProperties("parley.llm")
public record LlmProperties(String baseUrl,
                            String apiKey,
                            @DefaultValue("gpt-4o-mini") String model,
                            @DefaultValue("0.2") double temperature,
                            @DefaultValue("600") int maxTokens,
                            @DefaultValue("5s") Duration connectTimeout,
                            @DefaultValue("30s") Duration readTimeout,
                            @DefaultValue("2") int maxRetries,
                            @DefaultValue("20s") Duration maxRetryWait,
                            @DefaultValue CircuitBreakerSettings circuitBreaker) {

    /** Defaults also for code that builds these by hand (tests); a negative count or temperature means unset. */
    public LlmProperties {
        baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.strip();
        model = model == null || model.isBlank() ? "gpt-4o-mini" : model.strip();
        if (temperature < 0 || Double.isNaN(temperature)) temperature = 0.2;
        if (maxTokens <= 0) maxTokens = 600;
        connectTimeout = positiveOr(connectTimeout, Duration.ofSeconds(5));
        readTimeout = positiveOr(readTimeout, Duration.ofSeconds(30));
        if (maxRetries < 0) maxRetries = 2;
        maxRetryWait = positiveOr(maxRetryWait, Duration.ofSeconds(20));
        if (circuitBreaker == null) circuitBreaker = new CircuitBreakerSettings(0, 0, 0, null);
    }

    /** All defaults for one endpoint; handy in tests. */
    public static LlmProperties of(String baseUrl, String apiKey) {
        return new LlmProperties(baseUrl, apiKey, null, -1, 0, null, null, -1, null, null);
    }

    /**
     * Opens when {@code failureRate} percent of the last {@code slidingWindow} calls failed (once at
     * least {@code minimumCalls} were made); stays open for {@code openFor}, then lets a few calls try.
     */
    public record CircuitBreakerSettings(@DefaultValue("50") float failureRate,
                                         @DefaultValue("10") int slidingWindow,
                                         @DefaultValue("5") int minimumCalls,
                                         @DefaultValue("30s") Duration openFor) {

        public CircuitBreakerSettings {
            if (failureRate <= 0 || failureRate > 100) failureRate = 50;
            if (slidingWindow <= 0) slidingWindow = 10;
            if (minimumCalls <= 0) minimumCalls = 5;
            openFor = positiveOr(openFor, Duration.ofSeconds(30));
        }
    }

    /** The default endpoint, when a base URL is configured. */
    LlmEndpoint defaultEndpoint() {
        return baseUrl == null ? null : new LlmEndpoint(baseUrl, apiKey, model, temperature, maxTokens);
    }

    @Override
    public String toString() {
        return "LlmProperties[" + Urls.safe(baseUrl) + ", model=" + model + ", apiKey=" + (apiKey == null ? "none" : "***")
                + ", readTimeout=" + readTimeout + ", maxRetries=" + maxRetries + "]";
    }

    private static Duration positiveOr(Duration value, Duration fallback) {
        return value == null || value.isNegative() || value.isZero() ? fallback : value;
    }
}
