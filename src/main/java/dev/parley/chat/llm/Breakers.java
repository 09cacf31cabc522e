package dev.parley.chat.llm;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One circuit breaker per endpoint base URL: while a server is down, questions get their fallback
 * answer at once instead of each waiting for timeouts and retries.
 */
final class Breakers {

    private static final Logger log = LoggerFactory.getLogger(Breakers.class);

    private final CircuitBreakerConfig config;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    Breakers(LlmProperties.CircuitBreakerSettings settings) {
        this.config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindow())
                .minimumNumberOfCalls(settings.minimumCalls())
                .failureRateThreshold(settings.failureRate())
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(2)
                .build();
    }

    CircuitBreaker forUrl(String baseUrl) {
        String url = Urls.normalize(baseUrl);
        return breakers.computeIfAbsent(url, u -> {
            CircuitBreaker breaker = CircuitBreaker.of(u, config);
            String safe = Urls.safe(u);
            breaker.getEventPublisher().onStateTransition(e ->
                    log.warn("LLM endpoint {}: circuit {}", safe, e.getStateTransition()));
            return breaker;
        });
    }
}
