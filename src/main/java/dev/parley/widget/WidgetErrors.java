package dev.parley.widget;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/** The widget API's refusals: JSON {"error": …}, and the rate-limit headers. */
final class WidgetErrors {

    static final String TOO_MANY = "Too many requests: wait a moment and try again.";
    static final String BUSY = "The assistant is very busy right now: try again in a moment.";
    /** Seconds a client waits before trying again when the limits could not be checked. */
    static final int BUSY_RETRY_AFTER = 5;

    private WidgetErrors() {}

    static ResponseEntity<Map<String, String>> tooMany(WidgetRateLimits.Decision decision) {
        return withLimitHeaders(ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS), decision)
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("error", TOO_MANY));
    }

    static ResponseEntity<Map<String, String>> busy() {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, String.valueOf(BUSY_RETRY_AFTER))
                .cacheControl(org.springframework.http.CacheControl.noStore()).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("error", BUSY));
    }

    static ResponseEntity.BodyBuilder withLimitHeaders(ResponseEntity.BodyBuilder builder, WidgetRateLimits.Decision decision) {
        builder.header("X-RateLimit-Limit", String.valueOf(decision.limit()))
                .header("X-RateLimit-Remaining", String.valueOf(decision.remaining()));
        if (!decision.allowed()) builder.header(HttpHeaders.RETRY_AFTER, String.valueOf(decision.retryAfterSeconds()));
        return builder;
    }

    static void write(HttpServletResponse response, JsonMapper json, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), Map.of("error", message));
    }
}
