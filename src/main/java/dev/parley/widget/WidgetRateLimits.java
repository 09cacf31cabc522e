package dev.parley.widget;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Rate limits of the public widget API: token buckets in PostgreSQL (Bucket4j, row lock per
 * bucket), so every node counts against the same buckets. Keys are hashes of (limit, bot, visitor
 * or IP): the table holds no readable id or address. Each bucket refills greedily over a minute.
 * The cap on streams answering at once per bot is counted per node, in memory.
 *
 * <p>A busy bucket (one bot's, or one IP's behind a proxy) is one hot row: each request would hold a
 * pooled connection while it waits for that row's lock, and a burst of them starves the pool of
 * every other query (bench/widget-load.sh: 565 of 1,000 visitors queued on one row, 30 s pool
 * timeouts). So on each node the requests of one bucket take turns at a local lock first: the
 * others wait here, without a connection, and a bucket uses at most one connection per node.
 * (Bucket4j's own batching would merge them, but fails on a bucket that does not exist yet.)
 */
@Service
class WidgetRateLimits {

    /** One bucket to take a token from: which limit, whose, and its size per minute. */
    record Limit(String name, String subject, int perMinute) {}

    /**
     * The buckets could not be read (the database is unreachable or its pool stayed exhausted):
     * the request is refused with 503, never waved through and never turned into a server error.
     */
    static final class Unavailable extends RuntimeException {
        Unavailable(RuntimeException cause) {
            super("rate limits unavailable: " + cause.getMessage(), cause);
        }
    }

    /** The outcome: allowed or not, the tightest bucket's size and what is left, and when to retry. */
    record Decision(boolean allowed, int limit, long remaining, long retryAfterSeconds) {}

    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(WidgetRateLimits.class);

    private final ProxyManager<String> buckets;
    private final JdbcClient jdbc;
    private final WidgetProperties properties;
    private final ConcurrentHashMap<UUID, AtomicInteger> streams = new ConcurrentHashMap<>();
    /** A turn at the database per bucket key; an idle one is dropped (the bucket lives in the table). */
    private final Cache<String, ReentrantLock> turns = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(5)).build();

    WidgetRateLimits(DataSource dataSource, JdbcClient jdbc, WidgetProperties properties) {
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("widget_rate_buckets").idColumn("id").stateColumn("state").expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build();
        this.jdbc = jdbc;
        this.properties = properties;
    }

    WidgetProperties.Limits settings() {
        return properties.limits();
    }

    /** Takes one token from each bucket; refused when any of them is empty; {@link Unavailable} when they cannot be read. */
    Decision consume(List<Limit> limits) {
        int tightest = Integer.MAX_VALUE;
        long remaining = Long.MAX_VALUE;
        for (Limit limit : limits) {
            ConsumptionProbe probe = takeOne(limit);
            if (!probe.isConsumed()) {
                return new Decision(false, limit.perMinute(), 0, Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L));
            }
            if (probe.getRemainingTokens() < remaining) {
                remaining = probe.getRemainingTokens();
                tightest = limit.perMinute();
            }
        }
        return new Decision(true, tightest, remaining, 0);
    }

    private ConsumptionProbe takeOne(Limit limit) {
        String key = key(limit);
        BucketConfiguration config = BucketConfiguration.builder()
                .addLimit(l -> l.capacity(limit.perMinute()).refillGreedy(limit.perMinute(), WINDOW)).build();
        ReentrantLock turn = turns.get(key, k -> new ReentrantLock(true)); // fair: first come, first counted
        turn.lock();
        try {
            return buckets.builder().build(key, () -> config).tryConsumeAndReturnRemaining(1);
        } catch (RuntimeException e) {
            log.warn("Widget rate limits unavailable, refusing with 503: {}", e.getMessage());
            throw new Unavailable(e);
        } finally {
            turn.unlock();
        }
    }

    /** Takes a stream slot of the bot; false when it already streams its maximum on this node. */
    boolean openStream(UUID botId) {
        AtomicInteger open = streams.computeIfAbsent(botId, id -> new AtomicInteger());
        if (open.incrementAndGet() > properties.limits().streamsPerBot()) {
            open.decrementAndGet();
            return false;
        }
        return true;
    }

    void closeStream(UUID botId) {
        AtomicInteger open = streams.get(botId);
        if (open != null) open.decrementAndGet();
    }

    /** Answers of the bot streaming now on this node. */
    int openStreams(UUID botId) {
        AtomicInteger open = streams.get(botId);
        return open == null ? 0 : open.get();
    }

    @Scheduled(initialDelayString = "PT5M", fixedDelayString = "PT10M")
    void removeExpired() {
        jdbc.sql("DELETE FROM widget_rate_buckets WHERE expires_at < ?").param(System.currentTimeMillis()).update();
    }

    private static String key(Limit limit) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((limit.name() + "\n" + limit.perMinute() + "\n" + limit.subject()).getBytes(StandardCharsets.UTF_8));
            return limit.name() + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
