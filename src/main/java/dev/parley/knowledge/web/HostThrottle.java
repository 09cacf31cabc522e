package dev.parley.knowledge.web;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One request at a time per host, with at least the delay between the end of one and the start
 * of the next, across every crawl in this JVM. (Across nodes each node keeps its own pace.)
 */
public final class HostThrottle {

    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock(true);
        long lastEnd;
        boolean used;
    }

    private final ConcurrentHashMap<String, Slot> hosts = new ConcurrentHashMap<>();

    public <T> T call(String host, Duration delay, Callable<T> request) throws Exception {
        Slot slot = hosts.computeIfAbsent(host.toLowerCase(Locale.ROOT), h -> new Slot());
        slot.lock.lockInterruptibly();
        try {
            if (slot.used) {
                long wait = slot.lastEnd + delay.toNanos() - System.nanoTime();
                if (wait > 0) Thread.sleep(Duration.ofNanos(wait));
            }
            return request.call();
        } finally {
            slot.lastEnd = System.nanoTime();
            slot.used = true;
            slot.lock.unlock();
        }
    }
}
