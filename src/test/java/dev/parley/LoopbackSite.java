package dev.parley;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * A JDK HTTP server on 127.0.0.1 with a port of its own: another origin than the app's
 * {@code localhost}, for the browser tests' host pages and webhook receivers.
 */
public final class LoopbackSite implements AutoCloseable {

    /** What one path answers with. */
    public record Content(String type, byte[] body) {

        public static Content html(String html) {
            return new Content("text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final HttpServer server;

    private LoopbackSite(HttpServer server) {
        this.server = server;
    }

    /** Answers every request with {@code handler}. */
    public static LoopbackSite handling(HttpHandler handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", handler);
            server.start();
            return new LoopbackSite(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves what {@code byPath} gives for the request's path, uncached; 404 where it gives null. */
    public static LoopbackSite serving(Function<String, Content> byPath) {
        return handling(exchange -> {
            Content content = byPath.apply(exchange.getRequestURI().getPath());
            if (content == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.getResponseHeaders().set("Content-Type", content.type());
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                exchange.sendResponseHeaders(200, content.body().length);
                exchange.getResponseBody().write(content.body());
            }
            exchange.close();
        });
    }

    /** Reads the request and answers with an empty body: what a webhook receiver does. */
    public static void answerEmpty(HttpExchange exchange, int status) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /** {@code http://127.0.0.1:PORT}, as a browser names this site. */
    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
