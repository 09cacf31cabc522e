package dev.parley.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenAI-compatible server for the load benchmark that streams every answer at a fixed pace
 * (e.g. 30 tokens/s) on a schedule fixed at the request's start, so a late token does not delay
 * the later ones. One virtual thread per stream. The question's {@code [bench-N]} marker names the
 * stream; for each, the moment every token was flushed to the socket is kept, on this JVM's
 * clock, which the load client shares: added delay = client gap − this server's gap, token by token.
 */
final class PacedOpenAi implements AutoCloseable {

    private static final Pattern MARKER = Pattern.compile("\\[bench-(\\d+)]");
    /** Three sentences, a word a token, repeated as long as the answer is. */
    private static final List<String> WORDS = List.of(("Parley streams this answer to the visitor word by word. "
            + "Every piece goes out as soon as the model writes it, so reading starts at once. "
            + "The sources come first and the numbered citations point into them. ").split("(?<= )"));

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<Integer, long[]> sent = new ConcurrentHashMap<>();
    private volatile int tokens;
    private volatile long gapNanos;

    PacedOpenAi(int tokens, Duration gap) throws IOException {
        pace(tokens, gap);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2000);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Length and pace of the answers to requests from now on. */
    void pace(int tokens, Duration gap) {
        this.tokens = tokens;
        this.gapNanos = gap.toNanos();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    int tokens() {
        return tokens;
    }

    long gapNanos() {
        return gapNanos;
    }

    /** When each token of stream {@code id} was flushed (System.nanoTime), or null if it never came here. */
    long[] sentTimes(int id) {
        return sent.get(id);
    }

    void forget() {
        sent.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (exchange.getRequestURI().getPath().endsWith("/models")) {
                send(exchange, "{\"object\":\"list\",\"data\":[{\"id\":\"bench-model\",\"object\":\"model\",\"created\":0,\"owned_by\":\"bench\"}]}");
                return;
            }
            Matcher m = MARKER.matcher(body);
            if (!body.contains("\"stream\":true") || !m.find()) {
                send(exchange, completion("Parley streams answers.")); // not part of the measurement
                return;
            }
            stream(exchange, Integer.parseInt(m.group(1)), body.contains("\"include_usage\":true"));
        } catch (IOException | InterruptedException e) {
            // the client went away or the server stops: nothing to answer
        }
    }

    private void stream(HttpExchange exchange, int id, boolean usage) throws IOException, InterruptedException {
        int n = tokens;
        long gap = gapNanos;
        long[] times = new long[n];
        sent.put(id, times);
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        event(out, chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long due = start + i * gap;
            for (long wait; (wait = due - System.nanoTime()) > 0; ) LockSupport.parkNanos(wait);
            if (Thread.interrupted()) throw new InterruptedException();
            event(out, chunk("{\"content\":\"" + WORDS.get(i % WORDS.size()) + "\"}", null));
            times[i] = System.nanoTime();
        }
        event(out, chunk("{}", "stop"));
        if (usage) {
            event(out, "{\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"bench-model\","
                    + "\"choices\":[],\"usage\":{\"prompt_tokens\":300,\"completion_tokens\":" + n + ",\"total_tokens\":" + (300 + n) + "}}");
        }
        event(out, "[DONE]");
    }

    private static String chunk(String delta, String finishReason) {
        return "{\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"bench-model\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}]}";
    }

    private static String completion(String text) {
        return "{\"id\":\"b\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"bench-model\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":3,\"total_tokens\":13}}";
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void send(HttpExchange exchange, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
