package dev.parley.chat.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompletionStreamTest {

    private static List<CompletionStream.Chunk> read(String body) throws IOException {
        List<CompletionStream.Chunk> chunks = new ArrayList<>();
        CompletionStream.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), chunks::add);
        return chunks;
    }

    @Test
    void readsContentFinishReasonAndUsageAndSkipsWhatItDoesNotUse() throws IOException {
        List<CompletionStream.Chunk> chunks = read("""
                : keep-alive comment
                data: {"id":"x","choices":[{"index":0,"delta":{"role":"assistant","content":"Hé \\"1\\"","tool_calls":[{"a":[1,{"b":2}]}]},"logprobs":null,"finish_reason":null}],"extra":{"deep":[[{}]]}}

                data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null}

                data: {"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":3,"details":{"x":1}}}

                data: [DONE]

                data: {"choices":[{"delta":{"content":"after done"}}]}

                """);

        assertThat(chunks).hasSize(3);
        assertThat(chunks.get(0).choices()).containsExactly(new CompletionStream.Choice(0L, "Hé \"1\"", null));
        assertThat(chunks.get(1).choices()).containsExactly(new CompletionStream.Choice(0L, null, "stop"));
        assertThat(chunks.get(2).usage()).isEqualTo(new CompletionStream.Usage(12L, 3L));
    }

    @Test
    void toleratesWhatCompatibleServersSendDifferently() throws IOException {
        List<CompletionStream.Chunk> chunks = read("data: {\"choices\":null}\r\n\r\n"
                + "data:{\"choices\":[null,{\"delta\":{\"content\":42}},{\"index\":\"1\",\"delta\":null,\"finish_reason\":{\"odd\":true}}],"
                + "\"usage\":{\"prompt_tokens\":null,\"completion_tokens\":\"7\"},\"error\":null}\r\n\r\n"
                + "event: ping\ndata: {\"choices\":\"not an array\"}\n\n"
                + "data: {\"choices\":\n"
                + "data: []}\n\n");

        assertThat(chunks).hasSize(3);
        assertThat(chunks.get(0).choices()).isNull();
        assertThat(chunks.get(1).choices()).containsExactly(new CompletionStream.Choice(null, "42", null),
                new CompletionStream.Choice(null, null, null));
        assertThat(chunks.get(1).usage()).isEqualTo(new CompletionStream.Usage(null, null));
        assertThat(chunks.get(2).choices()).as("data lines of one event joined").isEmpty();
    }

    @Test
    void anErrorInAChunkOrAnErrorEventFailsTheStream() {
        CompletionStream.Refused inChunk = catchThrowableOfType(CompletionStream.Refused.class,
                () -> read("data: {\"error\":{\"message\":\"overloaded\"}}\n\n"));
        CompletionStream.Refused event = catchThrowableOfType(CompletionStream.Refused.class,
                () -> read("event: error\ndata: {\"message\":\"overloaded\"}\n\n"));

        assertThat(inChunk.reason()).isEqualTo(Failures.STREAM_ERROR);
        assertThat(event.reason()).isEqualTo(Failures.STREAM_ERROR);
    }

    @Test
    void somethingOtherThanAJsonObjectIsInvalidAndKeepsNoServerTextInTheMessage() {
        for (String data : List.of("{not json", "{\"choices\": [{\"index\": 0, \"delta\": {\"content\": \"secret", "null", "[1]", "\"text\"")) {
            CompletionStream.Refused e = catchThrowableOfType(CompletionStream.Refused.class, () -> read("data: " + data + "\n\n"));
            assertThat(e.reason()).as(data).isEqualTo(Failures.INVALID);
            assertThat(e.getMessage()).doesNotContain("secret").doesNotContain("not json");
        }
    }

    @Test
    void anEventCutOffAtTheEndIsDropped() throws IOException {
        assertThat(read("data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"b\"}}]}"))
                .hasSize(1);
    }
}
