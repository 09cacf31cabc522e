package dev.parley.tenancy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing: after too many failures in a window an account (whether it
 * exists or not) or a client address is locked for a while. Counters live in PostgreSQL so every
 * node shares them.
 */
@Component
class LoginThrottle {

    static final int MAX_ACCOUNT_FAILURES = 5;
    static final int MAX_ADDRESS_FAILURES = 30;
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final Duration LOCK = Duration.ofMinutes(15);

    private final JdbcClient jdbc;

    LoginThrottle(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** When the sign-in may be tried again, if either key is locked now. */
    Optional<Instant> lockedUntil(String email, String address) {
        return jdbc.sql("SELECT max(locked_until) FROM login_failures WHERE key_hash IN (?, ?) AND locked_until > now()")
                .params(key("account", email), key("address", address))
                .query((rs, n) -> Optional.ofNullable(rs.getTimestamp(1)).map(java.sql.Timestamp::toInstant))
                .single();
    }

    void recordFailure(String email, String address) {
        bump(key("account", email), MAX_ACCOUNT_FAILURES);
        bump(key("address", address), MAX_ADDRESS_FAILURES);
    }

    void recordSuccess(String email) {
        jdbc.sql("DELETE FROM login_failures WHERE key_hash = ?").param(key("account", email)).update();
    }

    // One statement: a new window starts when the old one has passed; the lock is set on the
    // failure that reaches the limit. Safe under concurrent failures (row lock of the upsert).
    private void bump(String keyHash, int limit) {
        jdbc.sql("""
                INSERT INTO login_failures AS f (key_hash, failures, window_start, locked_until)
                VALUES (:key, 1, now(), CASE WHEN :limit <= 1 THEN now() + :lock::interval END)
                ON CONFLICT (key_hash) DO UPDATE SET
                    failures = CASE WHEN f.window_start < now() - :window::interval THEN 1 ELSE f.failures + 1 END,
                    window_start = CASE WHEN f.window_start < now() - :window::interval THEN now() ELSE f.window_start END,
                    locked_until = CASE
                        WHEN f.window_start >= now() - :window::interval AND f.failures + 1 >= :limit
                        THEN now() + :lock::interval ELSE f.locked_until END""")
                .param("key", keyHash).param("limit", limit)
                .param("window", WINDOW.toSeconds() + " seconds").param("lock", LOCK.toSeconds() + " seconds")
                .update();
    }

    private static String key(String kind, String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((kind + ":" + (value == null ? "" : value)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
