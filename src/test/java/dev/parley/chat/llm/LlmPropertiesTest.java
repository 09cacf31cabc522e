package dev.parley.chat.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.http.Headers;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class LlmPropertiesTest {

    @Test
    void defaultsForWhatIsNotSet() {
        LlmProperties p = LlmProperties.of("http://localhost:8000/v1/", "secret-key");

        assertThat(p.model()).isEqualTo("gpt-4o-mini");
        assertThat(p.temperature()).isEqualTo(0.2);
        assertThat(p.maxTokens()).isEqualTo(600);
        assertThat(p.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.maxRetries()).isEqualTo(2);
        assertThat(p.maxRetryWait()).isEqualTo(Duration.ofSeconds(20));
        assertThat(p.circuitBreaker()).isEqualTo(new LlmProperties.CircuitBreakerSettings(50, 10, 5, Duration.ofSeconds(30)));
        assertThat(p.toString()).doesNotContain("secret-key");
    }

    @Test
    void bindsFromConfigurationWithAnEmptyBaseUrlMeaningNoLlm() {
        var source = new MapConfigurationPropertySource(Map.of("parley.llm.base-url", "", "parley.llm.api-key", "",
                "parley.llm.read-timeout", "45s", "parley.llm.circuit-breaker.open-for", "1m"));

        LlmProperties p = new Binder(source).bindOrCreate("parley.llm", LlmProperties.class);

        assertThat(p.baseUrl()).isNull();
        assertThat(p.defaultEndpoint()).isNull();
        assertThat(p.readTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(p.temperature()).isEqualTo(0.2);
        assertThat(p.circuitBreaker().openFor()).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.circuitBreaker().minimumCalls()).isEqualTo(5);
    }

    @Test
    void zeroTemperatureAndZeroRetriesAreKept() {
        LlmProperties p = new LlmProperties("http://x/v1", null, "m", 0, 100, null, null, 0, null, null);

        assertThat(p.temperature()).isZero();
        assertThat(p.maxRetries()).isZero();
    }

    @Test
    void logSafeUrlsLeaveOutCredentials() {
        assertThat(Urls.safe("https://user:pw@llm.example.com:8443/v1?key=abc")).isEqualTo("https://llm.example.com:8443/v1");
    }

    @Test
    void retryAfterInSecondsMillisecondsOrAsADate() {
        assertThat(Backoff.retryAfter(Headers.builder().put("Retry-After", "2").build())).isEqualTo(Duration.ofSeconds(2));
        assertThat(Backoff.retryAfter(Headers.builder().put("retry-after-ms", "150").put("Retry-After", "9").build()))
                .isEqualTo(Duration.ofMillis(150));
        String inAMinute = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(60).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(Backoff.retryAfter(Headers.builder().put("Retry-After", inAMinute).build()))
                .isBetween(Duration.ofSeconds(55), Duration.ofSeconds(61));
        assertThat(Backoff.retryAfter(Headers.builder().build())).isNull();
    }
}
