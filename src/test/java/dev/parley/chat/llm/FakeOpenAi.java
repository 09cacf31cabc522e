package dev.parley.chat.llm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local OpenAI-compatible server for tests, on 127.0.0.1 and a free port.
 * {@code POST /v1/chat/completions} answers streamed (SSE) or plain JSON, as the request asks;
 * {@code GET /v1/models} lists one model. Every request is recorded with its body.
 *
 * <p>Each chat request takes the next {@link #enqueue queued} {@link Reply}; when none is queued,
 * the {@link #always fallback} (at first: the answer "Hello from the fake model.").
 *
 * <pre>{@code
 * try (FakeOpenAi fake = FakeOpenAi.start()) {
 *     fake.enqueue(Reply.status(429).header("Retry-After", "1"), Reply.text("Hi", " there"));
 *     fake.always(Reply.echo());                              // answers with the prompt it got
 *     fake.always(Reply.tokens(200, Duration.ofMillis(20)));   // 200 tokens at 50 per second
 *     llmClient.stream(fake.endpoint(), messages, piece -> {});
 *     fake.chatRequests().getFirst().json().path("max_tokens").asInt();
 * }
 * }</pre>
 */
public final class FakeOpenAi implements AutoCloseable {

    public static final String MODEL = "fake-model";
    public static final String API_KEY = "test-key";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-openai");
        t.setDaemon(true);
        return t;
    });
    private final ConcurrentLinkedQueue<Reply> queue = new ConcurrentLinkedQueue<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private volatile Reply fallback = defaultReply();

    private FakeOpenAi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeOpenAi start() {
        try {
            return new FakeOpenAi();
        } catch (IOException e) {
            throw new IllegalStateException("fake OpenAI server did not start", e);
        }
    }

    /** Up to and including {@code /v1}, as {@link LlmEndpoint#baseUrl()} wants it. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** This server with model {@value #MODEL}, key {@value #API_KEY}, temperature 0.2, 600 tokens. */
    public LlmEndpoint endpoint() {
        return new LlmEndpoint(baseUrl(), API_KEY, MODEL, 0.2, 600);
    }

    /** Answers for the next chat requests, in order. */
    public FakeOpenAi enqueue(Reply... replies) {
        queue.addAll(List.of(replies));
        return this;
    }

    /** The answer to every chat request once the queue is empty. */
    public FakeOpenAi always(Reply reply) {
        fallback = reply;
        return this;
    }

    /** Forgets queued replies and recorded requests; back to the default answer. */
    public void reset() {
        queue.clear();
        requests.clear();
        fallback = defaultReply();
    }

    /** Every request received, in order (chat completions and model lists). */
    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    /** The chat completion requests received, in order. */
    public List<Recorded> chatRequests() {
        return requests.stream().filter(r -> r.path().endsWith("/chat/completions")).toList();
    }

    public int chatRequestCount() {
        return chatRequests().size();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow(); // ends handlers still sleeping through a scripted delay
    }

    private static Reply defaultReply() {
        return Reply.text("Hello", " from", " the", " fake", " model.");
    }

    // ---- serving ----

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
            Recorded request = new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Collections.unmodifiableMap(headers), body);
            requests.add(request);
            String path = request.path();
            if (exchange.getRequestMethod().equals("GET") && path.endsWith("/models")) {
                send(exchange, 200, Map.of(), """
                        {"object":"list","data":[{"id":"%s","object":"model","created":0,"owned_by":"fake"}]}""".formatted(MODEL));
            } else if (exchange.getRequestMethod().equals("POST") && path.endsWith("/chat/completions")) {
                Reply reply = queue.poll();
                (reply == null ? fallback : reply).serve(exchange, request);
            } else {
                send(exchange, 404, Map.of(), "{\"error\":{\"message\":\"no such path\",\"type\":\"invalid_request_error\"}}");
            }
        } catch (IOException | InterruptedException e) {
            // the client went away, or the server is stopping: nothing to answer
        }
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) exchange.getResponseBody().write(bytes);
    }

    /** One received request. */
    public record Recorded(String method, String path, Map<String, List<String>> headers, String body) {

        /** The body parsed; a missing node when it is not JSON. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (RuntimeException e) {
                return JSON.missingNode();
            }
        }

        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.getFirst();
        }

        /** The messages' contents, joined by blank lines. */
        public String prompt() {
            List<String> parts = new ArrayList<>();
            for (JsonNode m : json().path("messages")) parts.add(m.path("content").asString(""));
            return String.join("\n\n", parts);
        }

        public boolean streamed() {
            return json().path("stream").asBoolean(false);
        }
    }

    /**
     * What one chat request gets: a status with an error body, or an answer in pieces. An answer is
     * streamed as one SSE chunk per piece (then a finish chunk, a usage chunk if the request asked
     * for usage, and {@code [DONE]}), or sent whole as JSON when the request was not streamed. The
     * modifiers script delays and failures.
     */
    public static final class Reply {

        private final int status;
        private final String errorBody;
        private final Function<Recorded, List<String>> pieces;
        private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private Duration firstByteDelay = Duration.ZERO;
        private Duration firstChunkDelay = Duration.ZERO;
        private Duration gap = Duration.ZERO;
        private int dropAfter = -1;
        private int malformedAfter = -1;
        private int errorEventAfter = -1;
        private int stallAfter = -1;
        private Duration stall = Duration.ZERO;
        private boolean done = true;
        private String finishReason = "stop";
        private boolean usage = true;
        private Integer promptTokens;
        private Integer completionTokens;

        private Reply(int status, String errorBody, Function<Recorded, List<String>> pieces) {
            this.status = status;
            this.errorBody = errorBody;
            this.pieces = pieces;
        }

        /** An answer in these pieces (one chunk each when streamed). */
        public static Reply text(String... pieces) {
            List<String> list = List.of(pieces);
            return new Reply(200, null, r -> list);
        }

        /** {@code n} pieces "t1 ", "t2 ", ... with {@code gap} before each one after the first. */
        public static Reply tokens(int n, Duration gap) {
            List<String> list = new ArrayList<>();
            for (int i = 1; i <= n; i++) list.add("t" + i + " ");
            return new Reply(200, null, r -> list).gap(gap);
        }

        /** Answers with the prompt it received ({@link Recorded#prompt()}), a word a piece. */
        public static Reply echo() {
            return new Reply(200, null, r -> words(r.prompt()));
        }

        /** An HTTP error with an OpenAI-style error body. */
        public static Reply status(int status) {
            return status(status, """
                    {"error":{"message":"fake error %d","type":"fake_error","param":null,"code":null}}""".formatted(status));
        }

        public static Reply status(int status, String body) {
            return new Reply(status, body, r -> List.of());
        }

        public Reply header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** Waits this long before sending anything, headers included. */
        public Reply firstByteAfter(Duration delay) {
            firstByteDelay = delay;
            return this;
        }

        /** Sends the headers at once, then waits this long before the first chunk. */
        public Reply firstChunkAfter(Duration delay) {
            firstChunkDelay = delay;
            return this;
        }

        /** Waits this long before each piece after the first. */
        public Reply gap(Duration gap) {
            this.gap = gap;
            return this;
        }

        /** Cuts the connection after {@code pieces} pieces (the response is shorter than its Content-Length). */
        public Reply dropAfter(int pieces) {
            dropAfter = pieces;
            return this;
        }

        /** Sends a {@code data:} line that is not JSON after {@code pieces} pieces, then goes on normally. */
        public Reply malformedAfter(int pieces) {
            malformedAfter = pieces;
            return this;
        }

        /** Sends an in-stream {@code {"error": ...}} event after {@code pieces} pieces, then goes on normally. */
        public Reply errorEventAfter(int pieces) {
            errorEventAfter = pieces;
            return this;
        }

        /** Goes silent for {@code silence} after {@code pieces} pieces, then goes on. */
        public Reply stallAfter(int pieces, Duration silence) {
            stallAfter = pieces;
            stall = silence;
            return this;
        }

        /** Ends the stream without {@code data: [DONE]} (the connection still closes cleanly). */
        public Reply withoutDone() {
            done = false;
            return this;
        }

        /** Sends no finish_reason. */
        public Reply withoutFinishReason() {
            finishReason = null;
            return this;
        }

        public Reply finishReason(String reason) {
            finishReason = reason;
            return this;
        }

        /** Sends no usage, even when asked for. */
        public Reply withoutUsage() {
            usage = false;
            return this;
        }

        /** Usage to report (default: the prompt's words and the number of pieces). */
        public Reply usage(int prompt, int completion) {
            promptTokens = prompt;
            completionTokens = completion;
            return this;
        }

        // ---- serving one request ----

        void serve(HttpExchange exchange, Recorded request) throws IOException, InterruptedException {
            sleep(firstByteDelay);
            if (status != 200) {
                send(exchange, status, headers, errorBody);
                return;
            }
            List<String> answer = pieces.apply(request);
            int prompt = promptTokens != null ? promptTokens : words(request.prompt()).size();
            int completion = completionTokens != null ? completionTokens : answer.size();
            if (!request.streamed()) {
                sleep(firstChunkDelay);
                send(exchange, 200, headers, completion(String.join("", answer), prompt, completion));
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            headers.forEach(exchange.getResponseHeaders()::set);
            // A dropped connection is a response cut short of its announced length: the JDK server
            // closes the socket, and the client sees an unexpected end of stream.
            exchange.sendResponseHeaders(200, dropAfter >= 0 ? 1_000_000 : 0);
            OutputStream out = exchange.getResponseBody();
            sleep(firstChunkDelay);
            event(out, chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
            for (int i = 0; i < answer.size(); i++) {
                if (i == dropAfter) return; // exchange.close() cuts the connection
                if (i == malformedAfter) event(out, "{\"choices\": [{\"index\": 0, \"delta\": {\"content\": \"oops");
                if (i == errorEventAfter) event(out, "{\"error\":{\"message\":\"fake in-stream error\",\"type\":\"server_error\"}}");
                if (i == stallAfter) sleep(stall);
                if (i > 0) sleep(gap);
                event(out, chunk("{\"content\":" + quote(answer.get(i)) + "}", null));
            }
            if (dropAfter >= 0) return;
            if (malformedAfter >= answer.size()) event(out, "{not json");
            if (errorEventAfter >= answer.size()) {
                event(out, "{\"error\":{\"message\":\"fake in-stream error\",\"type\":\"server_error\"}}");
            }
            if (finishReason != null) event(out, chunk("{}", finishReason));
            if (usage && request.json().path("stream_options").path("include_usage").asBoolean(false)) {
                event(out, "{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\""
                        + MODEL + "\",\"choices\":[]," + usageJson(prompt, completion) + "}");
            }
            if (done) event(out, "[DONE]");
        }

        private String completion(String text, int prompt, int completion) {
            return "{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"" + MODEL
                    + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + quote(text)
                    + "},\"finish_reason\":" + (finishReason == null ? "null" : quote(finishReason)) + "}]"
                    + (usage ? "," + usageJson(prompt, completion) : "") + "}";
        }

        private static String chunk(String delta, String finishReason) {
            return "{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"" + MODEL
                    + "\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                    + (finishReason == null ? "null" : quote(finishReason)) + "}]}";
        }

        private static String usageJson(int prompt, int completion) {
            return "\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion + ",\"total_tokens\":"
                    + (prompt + completion) + "}";
        }

        private static void event(OutputStream out, String data) throws IOException {
            out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        private static void sleep(Duration d) throws InterruptedException {
            if (!d.isZero()) Thread.sleep(d);
        }
    }

    /** Words with the whitespace after each, so that joining them gives the text back. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\S+\\s*|\\s+").matcher(text);
        while (m.find()) out.add(m.group());
        return out;
    }

    static String quote(String s) {
        return JSON.writeValueAsString(s);
    }
}
