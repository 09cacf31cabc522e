package dev.parley.chat.llm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a streamed chat completion (server-sent events of JSON chunks) straight from the response
 * body. The SDK parses each chunk into a JSON tree and then into its model, which cost about half
 * of Parley's CPU per streamed token at 1,000 streams (docs/benchmarks.md); only the few fields
 * used here are bound. Follows the SDK's rules: {@code [DONE]} ends the stream, a chunk or an
 * {@code error} event carrying an error fails it, events of other names are skipped.
 */
final class CompletionStream {

    /** The parts of a chunk Parley reads; compatible servers may leave out or null any of them. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Chunk(List<Choice> choices, Usage usage, Object error) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Choice(Long index, Delta delta, @JsonProperty("finish_reason") String finishReason) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Delta(String content) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Usage(@JsonProperty("prompt_tokens") Long promptTokens, @JsonProperty("completion_tokens") Long completionTokens) {}

    /** The stream said something other than chunks: {@link Failures#STREAM_ERROR} or {@link Failures#INVALID}. */
    static final class Refused extends RuntimeException {
        private final String reason;

        Refused(String reason, String detail, Throwable cause) {
            super(detail, cause);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    private static final ObjectReader CHUNKS = JsonMapper.builder().build().readerFor(Chunk.class);

    private CompletionStream() {
    }

    /** Calls onChunk for every chunk until {@code [DONE]} or the end of the body. */
    static void read(InputStream body, Consumer<Chunk> onChunk) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 8192);
        String event = null;
        StringBuilder data = null;
        for (String line; (line = lines.readLine()) != null; ) {
            if (line.isEmpty()) {
                if (data != null && !dispatch(event, data.toString(), onChunk)) return;
                event = null;
                data = null;
                continue;
            }
            if (line.charAt(0) == ':') continue; // a comment, e.g. a keep-alive
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            int from = colon < 0 ? line.length() : colon + 1;
            if (from < line.length() && line.charAt(from) == ' ') from++;
            String value = line.substring(from);
            if (field.equals("event")) {
                event = value;
            } else if (field.equals("data")) {
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
        // An event not closed by a blank line at the end is dropped, as the SSE standard says.
    }

    /** Returns false when the stream is over. */
    private static boolean dispatch(String event, String data, Consumer<Chunk> onChunk) {
        if (data.startsWith("[DONE]")) return false;
        if ("error".equals(event)) throw new Refused(Failures.STREAM_ERROR, "error event", null);
        if (event != null && !event.equals("message")) return true;
        Chunk chunk;
        try {
            chunk = CHUNKS.readValue(data);
        } catch (JacksonException e) {
            throw new Refused(Failures.INVALID, "unreadable chunk", null); // no server text in logs
        }
        if (chunk == null) throw new Refused(Failures.INVALID, "null chunk", null);
        if (chunk.error() != null) throw new Refused(Failures.STREAM_ERROR, "error in the stream", null);
        onChunk.accept(chunk);
        return true;
    }
}
