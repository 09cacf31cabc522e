package dev.parley.chat.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.chat.AnswerMode;
import dev.parley.chat.TurnListener;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SseTurnListenerTest {

    private final OpenStreamsTest.RecordingEmitter emitter = new OpenStreamsTest.RecordingEmitter();

    private SseTurnListener listener() {
        OpenStreams streams = new OpenStreams();
        streams.start();
        return new SseTurnListener(emitter, streams, OpenStreamsTest.JSON);
    }

    /** The event's name and its data parsed as JSON, as an EventSource client reads one event. */
    private static JsonNode data(String event, String name) {
        assertThat(event).startsWith("event:" + name + "\ndata:").endsWith("\n\n");
        String data = event.substring(("event:" + name + "\ndata:").length(), event.length() - 2);
        assertThat(data).as("one data line").doesNotContain("\n").doesNotContain("\r");
        return OpenStreamsTest.JSON.readTree(data);
    }

    @Test
    void aDeltaWithQuotesBackslashesLineBreaksControlCharactersAndEmojiArrivesUnchanged() {
        String text = "say \"hi\" \\ back\nslash\r\n\ttab \u0000\u001f é 😀 \u2028 </script>";
        listener().delta(text);

        assertThat(emitter.written).hasSize(1);
        assertThat(data(emitter.written.getFirst(), "delta").get("text").asString()).isEqualTo(text);
    }

    @Test
    void sourcesDoneAndErrorAreOneEventEachWithTheirFields() {
        SseTurnListener listener = listener();
        listener.sources(List.of());
        listener.delta("");
        listener.done(new TurnListener.Done(null, AnswerMode.EXTRACTIVE, "m", 1, 2, 3, 4));

        assertThat(emitter.written).hasSize(3);
        assertThat(data(emitter.written.get(0), "sources").get("sources").isArray()).isTrue();
        assertThat(data(emitter.written.get(1), "delta").get("text").asString()).isEmpty();
        assertThat(data(emitter.written.get(2), "done").toString()).contains("EXTRACTIVE");
        assertThat(emitter.completed).isTrue();
    }
}
