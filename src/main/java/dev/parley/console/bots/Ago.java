package dev.parley.console.bots;

import java.time.Duration;
import java.time.Instant;

/** "2 minutes ago": how long ago something happened, in the words people use. */
final class Ago {

    private Ago() {}

    static String of(Instant then, Instant now) {
        long seconds = Math.max(0, Duration.between(then, now).getSeconds());
        if (seconds < 60) return "just now";
        if (seconds < 3600) return plural(seconds / 60, "minute") + " ago";
        if (seconds < 86_400) return plural(seconds / 3600, "hour") + " ago";
        return plural(seconds / 86_400, "day") + " ago";
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
