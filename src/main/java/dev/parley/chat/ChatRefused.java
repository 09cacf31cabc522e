package dev.parley.chat;

import java.time.Duration;

/**
 * A turn refused before anything was streamed, with the HTTP status and the sentence the caller
 * sees. {@code retryAfter} is set for quotas that reset.
 */
public class ChatRefused extends RuntimeException {

    public enum Reason {
        INVALID(400), TOO_LONG(413), NOT_FOUND(404), KEY_REUSED(409), BOT_DISABLED(403),
        DAILY_CAP(429), TOKEN_BUDGET(429);

        public final int status;

        Reason(int status) {
            this.status = status;
        }
    }

    private final Reason reason;
    private final Duration retryAfter;

    ChatRefused(Reason reason, String message) {
        this(reason, message, null);
    }

    ChatRefused(Reason reason, String message, Duration retryAfter) {
        super(message);
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public Reason reason() {
        return reason;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
