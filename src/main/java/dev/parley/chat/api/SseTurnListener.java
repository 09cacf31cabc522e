package dev.parley.chat.api;

import dev.parley.chat.SourceRef;
import dev.parley.chat.TurnListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.json.JsonMapper;

/**
 * A turn as server-sent events: {@code sources}, {@code delta}…, then {@code done} or {@code error}.
 * Each event is written as one prepared text: SseEmitter's own builder sends three parts through
 * the message converters per event, which was a quarter of Parley's CPU per streamed token at
 * 1,000 streams (docs/benchmarks.md).
 */
final class SseTurnListener implements TurnListener, OpenStreams.Stream {

    private static final MediaType UTF8_TEXT = new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);

    static final Failure SHUTDOWN = new Failure("SHUTDOWN",
            "This server is restarting. Your message is safe; it is being sent again.", true, null);

    private final SseEmitter emitter;
    private final OpenStreams streams;
    private final JsonMapper json;
    private volatile boolean ended;

    SseTurnListener(SseEmitter emitter, OpenStreams streams, JsonMapper json) {
        this.emitter = emitter;
        this.streams = streams;
        this.json = json;
        emitter.onCompletion(() -> streams.closed(this));
        emitter.onTimeout(() -> streams.closed(this));
        emitter.onError(e -> streams.closed(this));
        streams.opened(this);
    }

    @Override
    public void sources(List<SourceRef> sources) {
        send("sources", json.writeValueAsString(Map.of("sources", sources)));
    }

    @Override
    public void delta(String text) {
        // The hot path: {"text":"…"} without a serializer.
        StringBuilder data = new StringBuilder(text.length() + 12).append("{\"text\":\"");
        JsonStringEncoder.getInstance().quoteAsString(text, data);
        send("delta", data.append("\"}").toString());
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
        send(event, json.writeValueAsString(data));
        ended = true;
        streams.closed(this);
        emitter.complete();
    }

    /** @param data JSON on one line (JSON escapes line breaks inside strings) */
    private synchronized void send(String event, String data) {
        if (ended) throw new IllegalStateException("stream ended"); // SafeListener stops sending to it
        try {
            emitter.send(Set.of(new DataWithMediaType("event:" + event + "\ndata:" + data + "\n\n", UTF8_TEXT)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
