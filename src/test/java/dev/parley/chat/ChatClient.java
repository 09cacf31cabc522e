package dev.parley.chat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The chat API as a client sees it over real HTTP: JSON calls, and answers read as an SSE stream. */
public final class ChatClient {

    public record Event(String name, JsonNode data) {}

    /** A sent message: the status, and either the stream's events or the error body. */
    public record Sent(int status, List<Event> events, JsonNode error, java.net.http.HttpHeaders headers) {
        public String text() {
            return events.stream().filter(e -> e.name().equals("delta")).map(e -> e.data().get("text").asString())
                    .collect(Collectors.joining());
        }

        Event last() {
            return events.getLast();
        }

        public JsonNode done() {
            Event last = last();
            if (!last.name().equals("done")) throw new AssertionError("expected done, got " + last);
            return last.data();
        }

        JsonNode sources() {
            return events.getFirst().data().get("sources");
        }
    }

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String apiKey;

    public ChatClient(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    public UUID start(UUID botId) {
        HttpResponse<String> response = call("POST", "/api/v1/bots/" + botId + "/conversations", "{\"visitorId\":\"v-1\"}");
        if (response.statusCode() != 201) throw new AssertionError(response.statusCode() + " " + response.body());
        return UUID.fromString(JSON.readTree(response.body()).get("id").asString());
    }

    public Sent send(UUID conversationId, String content) {
        return send(conversationId, content, null);
    }

    Sent send(UUID conversationId, String content, String idempotencyKey) {
        String body = JSON.writeValueAsString(idempotencyKey == null ? java.util.Map.of("content", content)
                : java.util.Map.of("content", content, "idempotencyKey", idempotencyKey));
        HttpRequest request = request("/api/v1/conversations/" + conversationId + "/messages")
                .header("Accept", "text/event-stream").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<java.util.stream.Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
            List<String> lines = response.body().toList();
            if (response.statusCode() != 200) {
                return new Sent(response.statusCode(), List.of(), JSON.readTree(String.join("\n", lines)), response.headers());
            }
            return new Sent(200, parse(lines), null, response.headers());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    JsonNode history(UUID conversationId) {
        HttpResponse<String> response = call("GET", "/api/v1/conversations/" + conversationId + "/messages", null);
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }

    HttpResponse<String> call(String method, String path, String json) {
        HttpRequest.Builder builder = request(path);
        builder = json == null ? builder.method(method, HttpRequest.BodyPublishers.noBody())
                : builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        return apiKey == null ? builder : builder.header("Authorization", "Bearer " + apiKey);
    }

    /** The events of a server-sent event stream, read line by line. */
    public static List<Event> parse(List<String> lines) {
        List<Event> events = new ArrayList<>();
        String name = null;
        StringBuilder data = new StringBuilder();
        for (String line : lines) {
            if (line.startsWith("event:")) name = line.substring(6).strip();
            else if (line.startsWith("data:")) data.append(line.substring(5).stripLeading());
            else if (line.isEmpty() && name != null) {
                events.add(new Event(name, JSON.readTree(data.toString())));
                name = null;
                data.setLength(0);
            }
        }
        return events;
    }
}
