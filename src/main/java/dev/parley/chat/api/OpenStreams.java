package dev.parley.chat.api;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Answer streams open on this node. When the node shuts down, each gets an {@code error} event
 * with code {@code SHUTDOWN} before the web server's graceful shutdown waits for requests: the
 * widget then sends the same message again (same idempotency key) and another node replays or
 * finishes the answer. Stops first (highest phase), ahead of the web server.
 */
@Component
class OpenStreams implements SmartLifecycle {

    /** A stream that can be told to end because the node is going away. */
    interface Stream {
        void shutdown();
    }

    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    /** Registers a stream; one that starts while the node is stopping is ended at once. */
    void opened(Stream stream) {
        open.add(stream);
        if (!running) end(stream);
    }

    void closed(Stream stream) {
        open.remove(stream);
    }

    int count() {
        return open.size();
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        for (Stream stream : Set.copyOf(open)) end(stream);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return DEFAULT_PHASE;
    }

    private void end(Stream stream) {
        open.remove(stream);
        try {
            stream.shutdown();
        } catch (RuntimeException e) {
            // the client is gone already
        }
    }
}
