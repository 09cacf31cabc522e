package dev.parley.chat.llm;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.Timeout;
import java.time.Duration;

/**
 * One SDK client per (base URL, API key): building one costs about 0.7 s and each holds its own
 * connection pool, so they are kept and shared by all calls to the same server.
 */
final class OpenAiClients implements AutoCloseable {

    /** Whole-call cap of a stream; generous because the read timeout (gap between chunks) is what catches a stall. */
    static final Duration STREAM_CALL_LIMIT = Duration.ofMinutes(10);

    private record Key(String baseUrl, String apiKey) {
        @Override
        public String toString() {
            return Urls.safe(baseUrl); // never the key
        }
    }

    private final LlmProperties properties;
    private final Cache<Key, OpenAIClient> clients = Caffeine.newBuilder()
            .maximumSize(200)
            .expireAfterAccess(Duration.ofHours(6)) // a tenant that changed its key leaves the old client behind
            .<Key, OpenAIClient>removalListener((key, client, cause) -> {
                if (client != null) client.close();
            })
            .build();

    OpenAiClients(LlmProperties properties) {
        this.properties = properties;
    }

    OpenAIClient forEndpoint(LlmEndpoint endpoint) {
        return clients.get(new Key(Urls.normalize(endpoint.baseUrl()), keyOf(endpoint)), this::build);
    }

    private OpenAIClient build(Key key) {
        Timeout timeout = Timeout.builder()
                .connect(properties.connectTimeout())
                .read(properties.readTimeout()) // OkHttp's read timeout: the longest gap between two reads
                .write(properties.readTimeout())
                .request(STREAM_CALL_LIMIT) // NOT the answer's time limit, see above
                .build();
        return OpenAIOkHttpClient.builder()
                .baseUrl(key.baseUrl())
                .apiKey(key.apiKey())
                .timeout(timeout)
                .maxRetries(0) // LlmClient retries itself: the SDK would sleep through any Retry-After up to its own cap
                .disableTelemetry(true) // no X-Stainless-OS/-Arch/-Runtime headers about this host
                .build();
    }

    /** Ollama and most local servers need no key, but the SDK wants one. */
    private static String keyOf(LlmEndpoint endpoint) {
        return endpoint.apiKey() == null || endpoint.apiKey().isBlank() ? "no-key" : endpoint.apiKey();
    }

    @Override
    public void close() {
        clients.invalidateAll();
        clients.cleanUp();
    }
}
