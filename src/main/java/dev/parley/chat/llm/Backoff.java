package dev.parley.chat.llm;

import com.openai.core.http.Headers;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** How long to wait before retrying a 429/5xx: what the server asked for, else exponential with jitter. */
final class Backoff {

    private final Duration initial;

    Backoff(Duration initial) {
        this.initial = initial;
    }

    /** @param retry 0 for the first retry */
    Duration delay(int retry, Headers headers) {
        Duration asked = retryAfter(headers);
        if (asked != null) return asked;
        double jitter = 1.0 - 0.25 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofNanos((long) (initial.toNanos() * Math.pow(2, retry) * jitter));
    }

    /** {@code retry-after-ms} (OpenAI's, milliseconds), then {@code Retry-After} (seconds or an HTTP date); null if neither. */
    static Duration retryAfter(Headers headers) {
        if (headers == null) return null;
        String ms = first(headers.values("retry-after-ms"));
        if (ms != null) {
            try {
                return Duration.ofNanos((long) (Math.max(0, Double.parseDouble(ms)) * 1_000_000));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        String after = first(headers.values("retry-after"));
        if (after == null) return null;
        try {
            return Duration.ofNanos((long) (Math.max(0, Double.parseDouble(after)) * 1_000_000_000));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(after, DateTimeFormatter.RFC_1123_DATE_TIME));
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.getFirst().strip();
    }
}
