package dev.parley.widget;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.parley.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The widget's rate-limit buckets under a burst on one bucket (one busy bot, or one IP behind a proxy). */
class WidgetRateLimitsTest extends IntegrationTest {

    @Autowired WidgetRateLimits limits;
    @Autowired HikariDataSource pool;

    @Test
    void aBurstOnOneBucketCountsExactlyAndHoldsAtMostOneConnectionMeanwhile() throws Exception {
        String subject = UUID.randomUUID().toString();
        int size = 100, burst = 300;
        AtomicInteger peakActive = new AtomicInteger();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = Thread.ofPlatform().start(() -> {
            while (sampling.get()) {
                peakActive.accumulateAndGet(pool.getHikariPoolMXBean().getActiveConnections(), Math::max);
                LockSupport.parkNanos(100_000);
            }
        });
        List<WidgetRateLimits.Decision> decisions = new ArrayList<>();
        long start = System.nanoTime();
        try (ExecutorService visitors = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<WidgetRateLimits.Decision>> futures = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                futures.add(visitors.submit(() -> {
                    go.await();
                    return limits.consume(List.of(new WidgetRateLimits.Limit("test-burst", subject, size)));
                }));
            }
            go.countDown();
            for (var f : futures) decisions.add(f.get());
        } finally {
            sampling.set(false);
            sampler.join();
        }
        // The bucket refills greedily, one token per 60/size seconds, also during the burst.
        long refilled = (long) Math.ceil((System.nanoTime() - start) / 1e9 * size / 60);

        List<WidgetRateLimits.Decision> allowed = decisions.stream().filter(WidgetRateLimits.Decision::allowed).toList();
        assertThat((long) allowed.size()).isBetween((long) size, size + refilled);
        assertThat(allowed).extracting(WidgetRateLimits.Decision::remaining).contains(0L, (long) size - 1);
        assertThat(decisions.stream().filter(d -> !d.allowed()))
                .hasSize(burst - allowed.size()).allSatisfy(d -> assertThat(d.retryAfterSeconds()).isPositive());
        // Without batching, all ten connections of the pool wait on the bucket's row lock and every
        // other query of the node waits with them.
        assertThat(peakActive.get()).as("connections in use during the burst").isLessThanOrEqualTo(3);

        WidgetRateLimits.Decision neighbour = limits.consume(List.of(new WidgetRateLimits.Limit("test-burst", subject + "-b", size)));
        assertThat(neighbour.allowed()).isTrue();
        assertThat(neighbour.remaining()).isEqualTo(size - 1);
    }
}
