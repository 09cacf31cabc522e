package dev.parley.chat.api;

import dev.parley.chat.SourceRef;
import dev.parley.chat.TurnListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** A turn as server-sent events: {@code sources}, {@code delta}…, then {@code done} or {@code error}. */
final class SseTurnListener implements TurnListener, OpenStreams.Stream {

    static final Failure SHUTDOWN = new Failure("SHUTDOWN",
            "This server is restarting. Your message is safe; it is being sent again.", true, null);

    private final SseEmitter emitter;
    private final OpenStreams streams;
    private volatile boolean ended;

    SseTurnListener(SseEmitter emitter, OpenStreams streams) {
        this.emitter = emitter;
        this.streams = streams;
        emitter.onCompletion(() -> streams.closed(this));
        emitter.onTimeout(() -> streams.closed(this));
        emitter.onError(e -> streams.closed(this));
        streams.opened(this);
    }

    @Override
    public void sources(List<SourceRef> sources) {
        send("sources", Map.of("sources", sources));
    }

    @Override
    public void delta(String text) {
        send("delta", Map.of("text", text));
    }

    @Override
    public void done(Done done) {
        finish("done", done);
    }

    @Override
    public void error(Failure failure) {
        finish("error", failure);
    }

    /** The node is going away: the answer goes on and is stored; the client asks again elsewhere. */
    @Override
    public void shutdown() {
        finish("error", SHUTDOWN);
    }

    private synchronized void finish(String event, Object data) {
        if (ended) return;
        send(event, data);
        ended = true;
        streams.closed(this);
        emitter.complete();
    }

    private synchronized void send(String event, Object data) {
        if (ended) throw new IllegalStateException("stream ended"); // SafeListener stops sending to it
        try {
            emitter.send(SseEmitter.event().name(event).data(data, MediaType.APPLICATION_JSON));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
