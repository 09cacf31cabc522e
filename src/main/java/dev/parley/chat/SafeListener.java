package dev.parley.chat;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps the client's listener: a visitor who closes the page does not stop the answer, which is
 * still finished and stored (it shows in the history when they come back). Also times the turn.
 */
final class SafeListener implements TurnListener {

    private static final Logger log = LoggerFactory.getLogger(SafeListener.class);

    private final TurnListener client;
    private final long startedAt;
    private volatile long firstTokenAt;
    private volatile boolean gone;
    private volatile boolean sentSources;

    SafeListener(TurnListener client, long startedAt) {
        this.client = client;
        this.startedAt = startedAt;
    }

    @Override
    public void sources(List<SourceRef> sources) {
        sentSources = true;
        send(() -> client.sources(sources));
    }

    @Override
    public void delta(String text) {
        if (firstTokenAt == 0) firstTokenAt = System.nanoTime();
        send(() -> client.delta(text));
    }

    @Override
    public void done(Done done) {
        send(() -> client.done(done));
    }

    @Override
    public void error(Failure failure) {
        send(() -> client.error(failure));
    }

    boolean sentSources() {
        return sentSources;
    }

    long firstTokenMs() {
        return firstTokenAt == 0 ? elapsedMs() : (firstTokenAt - startedAt) / 1_000_000;
    }

    long elapsedMs() {
        return (System.nanoTime() - startedAt) / 1_000_000;
    }

    private void send(Runnable event) {
        if (gone) return;
        try {
            event.run();
        } catch (RuntimeException e) {
            gone = true;
            log.debug("Client left during an answer; finishing it anyway: {}", e.getMessage());
        }
    }
}
