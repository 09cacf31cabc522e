package dev.parley.chat.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.chat.TurnListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

class OpenStreamsTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Records what the emitter would have written, as a client would read it. */
    static final class RecordingEmitter extends SseEmitter {
        final List<String> written = new ArrayList<>();
        boolean completed;

        @Override
        public void send(Set<DataWithMediaType> parts) {
            StringBuilder event = new StringBuilder();
            parts.forEach(part -> event.append(part.getData() instanceof String text ? text : JSON.writeValueAsString(part.getData())));
            written.add(event.toString());
        }

        @Override
        public void complete() {
            completed = true;
        }
    }

    @Test
    void stoppingTheNodeEndsEveryOpenStreamWithAReconnectEventAndOnlyOnce() {
        OpenStreams streams = new OpenStreams();
        streams.start();
        RecordingEmitter a = new RecordingEmitter(), b = new RecordingEmitter();
        SseTurnListener first = new SseTurnListener(a, streams, JSON);
        new SseTurnListener(b, streams, JSON);
        first.delta("Refunds take ");
        assertThat(streams.count()).isEqualTo(2);

        streams.stop();

        assertThat(streams.count()).isZero();
        assertThat(a.completed).isTrue();
        assertThat(b.completed).isTrue();
        assertThat(String.join("", a.written)).contains("event:error").contains("\"code\":\"SHUTDOWN\"").contains("\"retryable\":true");
        first.done(new TurnListener.Done(null, null, null, 0, 0, 0, 0));
        assertThat(a.written.stream().filter(w -> w.contains("event:done"))).as("nothing after the end").isEmpty();
    }

    @Test
    void aStreamOpenedWhileTheNodeStopsEndsAtOnce() {
        OpenStreams streams = new OpenStreams();
        RecordingEmitter emitter = new RecordingEmitter();
        new SseTurnListener(emitter, streams, JSON);
        assertThat(emitter.completed).isTrue();
        assertThat(String.join("", emitter.written)).contains("SHUTDOWN");
    }

    @Test
    void aFinishedStreamIsNoLongerOpen() {
        OpenStreams streams = new OpenStreams();
        streams.start();
        SseTurnListener listener = new SseTurnListener(new RecordingEmitter(), streams, JSON);
        listener.done(new TurnListener.Done(null, null, null, 0, 0, 0, 0));
        assertThat(streams.count()).isZero();
    }
}
