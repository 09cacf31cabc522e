package dev.parley.widget;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The widget's calls over real HTTP, with the headers a browser would send. */
final class WidgetHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    WidgetHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    HttpResponse<String> get(String path, Map<String, String> headers) {
        return send(builder(path, headers).GET().build());
    }

    HttpResponse<String> post(String path, Object body, Map<String, String> headers) {
        return send(builder(path, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    }

    /** POST /api/v1/widget/sessions from the chat frame (Origin = Parley's own). */
    JsonNode session(String bot, String host, Map<String, Object> extra) {
        var body = new java.util.HashMap<String, Object>(Map.of("bot", bot, "host", host));
        body.putAll(extra);
        HttpResponse<String> response = post("/api/v1/widget/sessions", body, Map.of("Origin", baseUrl));
        if (response.statusCode() != 201) throw new AssertionError(response.statusCode() + " " + response.body());
        return JSON.readTree(response.body());
    }

    /** Sends a chat message with a session token and reads the whole answer stream. */
    HttpResponse<List<String>> sendMessage(String token, String conversationId, String content) {
        HttpRequest request = builder("/api/v1/conversations/" + conversationId + "/messages", Map.of("Authorization", "Bearer " + token))
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("content", content)))).build();
        try {
            HttpResponse<java.util.stream.Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
            List<String> lines = response.body().toList();
            return new Wrapped<>(response, lines);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private HttpRequest.Builder builder(String path, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
        headers.forEach(builder::header);
        return builder;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** A response whose streamed body was read to the end. */
    private record Wrapped<T>(HttpResponse<?> inner, T body) implements HttpResponse<T> {
        public int statusCode() { return inner.statusCode(); }
        public HttpRequest request() { return inner.request(); }
        public java.util.Optional<HttpResponse<T>> previousResponse() { return java.util.Optional.empty(); }
        public java.net.http.HttpHeaders headers() { return inner.headers(); }
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return inner.sslSession(); }
        public URI uri() { return inner.uri(); }
        public HttpClient.Version version() { return inner.version(); }
    }
}
