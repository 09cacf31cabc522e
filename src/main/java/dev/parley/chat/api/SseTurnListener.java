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
final class SseTurnListener implements TurnListener {

    private final SseEmitter emitter;

    SseTurnListener(SseEmitter emitter) {
        this.emitter = emitter;
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
        send("done", done);
        emitter.complete();
    }

    @Override
    public void error(Failure failure) {
        send("error", failure);
        emitter.complete();
    }

    private void send(String event, Object data) {
        try {
            emitter.send(SseEmitter.event().name(event).data(data, MediaType.APPLICATION_JSON));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
