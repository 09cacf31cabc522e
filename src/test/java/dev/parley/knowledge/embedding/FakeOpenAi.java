package dev.parley.knowledge.embedding;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenAI-compatible {@code /v1/embeddings} on 127.0.0.1 that answers each request with the next
 * scripted reply (the last one repeats) and records what it was sent.
 */
public final class FakeOpenAi implements AutoCloseable {

    /** One reply: status, headers and body; {@code delayMs} before answering. */
    public record Reply(int status, Map<String, String> headers, String body, long delayMs) {
        public static Reply ok(String body) {
            return new Reply(200, Map.of(), body, 0);
        }
    }

    /** A request as received. */
    public record Seen(String authorization, String body, long atNanos) {}

    private final HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile List<Function<String, Reply>> script = List.of();

    public FakeOpenAi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/embeddings", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Replies in order, each computed from the request body; the last repeats. */
    @SafeVarargs
    public final void script(Function<String, Reply>... replies) {
        seen.clear();
        script = List.of(replies);
    }

    public List<Seen> seen() {
        return seen;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int n = seen.size();
        seen.add(new Seen(exchange.getRequestHeaders().getFirst("Authorization"), body, System.nanoTime()));
        Reply reply = script.get(Math.min(n, script.size() - 1)).apply(body);
        try {
            if (reply.delayMs() > 0) Thread.sleep(reply.delayMs());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            // the client gave up (timeout test)
        }
        exchange.close();
    }

    /** A valid answer with one vector of {@code width} per input, listed in reverse index order. */
    public static Reply vectors(String requestBody, int width) {
        int inputs = inputCount(requestBody);
        StringBuilder data = new StringBuilder();
        for (int i = inputs - 1; i >= 0; i--) {
            if (data.length() > 0) data.append(',');
            StringBuilder v = new StringBuilder();
            for (int d = 0; d < width; d++) v.append(d == 0 ? "" : ",").append(d == 0 ? i + 1 : 0.001 * d);
            data.append("{\"object\":\"embedding\",\"index\":").append(i).append(",\"embedding\":[").append(v).append("]}");
        }
        return Reply.ok("{\"object\":\"list\",\"data\":[" + data + "],\"model\":\"text-embedding-3-small\","
                + "\"usage\":{\"prompt_tokens\":3,\"total_tokens\":3}}");
    }

    public static Reply error(int status, String message, Map<String, String> headers) {
        return new Reply(status, headers, "{\"error\":{\"message\":\"" + message + "\",\"type\":\"test\",\"param\":null,\"code\":null}}", 0);
    }

    static int inputCount(String body) {
        Matcher m = Pattern.compile("\"input\"\\s*:\\s*\\[(.*?)\\]", Pattern.DOTALL).matcher(body);
        if (!m.find()) return 1;
        return m.group(1).isBlank() ? 0 : m.group(1).split("\"\\s*,\\s*\"").length;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
