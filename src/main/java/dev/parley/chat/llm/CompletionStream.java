package dev.parley.chat.llm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads a streamed chat completion (server-sent events of JSON chunks) straight from the response
 * body. The SDK parses each chunk into a JSON tree and then into its model, the largest cost per
 * streamed token at 1,000 streams (docs/benchmarks.md); here only the few fields Parley uses are
 * read. Follows the SDK's rules: {@code [DONE]} ends the stream, a chunk or an
 * {@code error} event carrying an error fails it, events of other names are skipped.
 */
final class CompletionStream {

    /** The parts of a chunk Parley reads; compatible servers may leave out or null any of them. */
    record Chunk(List<Choice> choices, Usage usage) {}

    /** One choice: its index (null: not sent), the text piece and the finish reason, each possibly null. */
    record Choice(Long index, String content, String finishReason) {}

    record Usage(Long promptTokens, Long completionTokens) {}

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

    private static final JsonFactory JSON = new JsonFactory();

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
        try (JsonParser json = JSON.createParser(ObjectReadContext.empty(), data)) {
            chunk = chunk(json);
        } catch (JacksonException e) {
            throw new Refused(Failures.INVALID, "unreadable chunk", null); // no server text in logs
        }
        onChunk.accept(chunk);
        return true;
    }

    /*
     * Token by token rather than data binding: binding a record per chunk allocated more than all
     * the rest of a streamed token (method handles per constructor call, a context per value).
     * Lenient like the SDK: unknown fields skipped, a scalar where a text is expected read as text.
     */

    private static Chunk chunk(JsonParser json) {
        if (json.nextToken() != JsonToken.START_OBJECT) throw new Refused(Failures.INVALID, "chunk is not an object", null);
        List<Choice> choices = null;
        Usage usage = null;
        while (json.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = json.currentName();
            JsonToken value = json.nextToken();
            switch (name) {
                case "choices" -> choices = value == JsonToken.START_ARRAY ? choices(json) : skip(json);
                case "usage" -> usage = value == JsonToken.START_OBJECT ? usage(json) : skip(json);
                case "error" -> {
                    if (value != JsonToken.VALUE_NULL) throw new Refused(Failures.STREAM_ERROR, "error in the stream", null);
                }
                default -> json.skipChildren();
            }
        }
        return new Chunk(choices, usage);
    }

    private static List<Choice> choices(JsonParser json) {
        List<Choice> choices = new ArrayList<>(1);
        for (JsonToken t; (t = json.nextToken()) != JsonToken.END_ARRAY; ) {
            if (t == JsonToken.START_OBJECT) choices.add(choice(json));
            else json.skipChildren();
        }
        return choices;
    }

    private static Choice choice(JsonParser json) {
        Long index = null;
        String content = null;
        String finishReason = null;
        while (json.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = json.currentName();
            JsonToken value = json.nextToken();
            switch (name) {
                case "index" -> index = value == JsonToken.VALUE_NUMBER_INT ? Long.valueOf(json.getLongValue()) : skip(json);
                case "finish_reason" -> finishReason = text(json, value);
                case "delta" -> content = value == JsonToken.START_OBJECT ? content(json) : skip(json);
                default -> json.skipChildren();
            }
        }
        return new Choice(index, content, finishReason);
    }

    private static String content(JsonParser json) {
        String content = null;
        while (json.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = json.currentName();
            JsonToken value = json.nextToken();
            if (name.equals("content")) content = text(json, value);
            else json.skipChildren();
        }
        return content;
    }

    private static Usage usage(JsonParser json) {
        Long prompt = null;
        Long completion = null;
        while (json.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = json.currentName();
            JsonToken value = json.nextToken();
            boolean number = value == JsonToken.VALUE_NUMBER_INT;
            switch (name) {
                case "prompt_tokens" -> prompt = number ? Long.valueOf(json.getLongValue()) : skip(json);
                case "completion_tokens" -> completion = number ? Long.valueOf(json.getLongValue()) : skip(json);
                default -> json.skipChildren();
            }
        }
        return new Usage(prompt, completion);
    }

    /** A text, or any other scalar as its text; null for null, objects and arrays. */
    private static String text(JsonParser json, JsonToken value) {
        if (value.isScalarValue() && value != JsonToken.VALUE_NULL) return json.getString();
        json.skipChildren();
        return null;
    }

    /** Skips a value of an unexpected kind and reads it as absent. */
    private static <T> T skip(JsonParser json) {
        json.skipChildren();
        return null;
    }
}
