package dev.parley.knowledge.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A web site on 127.0.0.1 (port 0) for crawler tests: routes by exact path or prefix, unknown
 * paths answer 404, and every request is logged with its arrival time and user agent.
 */
public final class TestSite implements AutoCloseable {

    /** One request as the server saw it. */
    public record Hit(String path, long nanos, String userAgent) {}

    /** A canned answer. */
    public record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {
        public static Answer html(String html) {
            return new Answer(200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), Map.of());
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Function<String, Answer>> routes = new ConcurrentHashMap<>();
    private final Map<String, Function<String, Answer>> prefixes = new ConcurrentHashMap<>();
    private final List<Hit> hits = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    private TestSite() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static TestSite start() {
        try {
            return new TestSite();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public TestSite page(String path, String html) {
        routes.put(path, p -> Answer.html(html));
        return this;
    }

    public TestSite answer(String path, Answer answer) {
        routes.put(path, p -> answer);
        return this;
    }

    public TestSite text(String path, int status, String contentType, String body) {
        return answer(path, new Answer(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of()));
    }

    public TestSite prefix(String prefix, Function<String, Answer> answers) {
        prefixes.put(prefix, answers);
        return this;
    }

    public TestSite redirect(String path, String location) {
        return answer(path, new Answer(302, "text/plain", new byte[0], Map.of("Location", location)));
    }

    /** A handler that never answers (until the site is closed). */
    public TestSite hang(String path) {
        routes.put(path, p -> {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Answer.html("<p>too late</p>");
        });
        return this;
    }

    public TestSite remove(String path) {
        routes.remove(path);
        return this;
    }

    public synchronized List<Hit> hits() {
        return List.copyOf(hits);
    }

    public List<String> paths() {
        return hits().stream().map(Hit::path).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        synchronized (this) {
            hits.add(new Hit(path, System.nanoTime(), exchange.getRequestHeaders().getFirst("User-Agent")));
        }
        Function<String, Answer> route = routes.get(path);
        if (route == null) {
            route = prefixes.entrySet().stream().filter(e -> path.startsWith(e.getKey())).map(Map.Entry::getValue).findFirst()
                    .orElse(p -> new Answer(404, "text/html", "<h1>Not found</h1>".getBytes(StandardCharsets.UTF_8), Map.of()));
        }
        Answer answer = route.apply(path);
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            boolean chunked = answer.headers().containsKey("X-Test-Chunked"); // no Content-Length: the reader must cap
            exchange.sendResponseHeaders(answer.status(), chunked ? 0 : answer.body().length == 0 ? -1 : answer.body().length);
            if (answer.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            }
        } catch (IOException clientGone) {
            // the crawler gave up on this request (timeout, size cap): expected in some tests
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
