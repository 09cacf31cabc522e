package dev.parley.knowledge.embedding;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which model turns chunks and questions into vectors.
 *
 * @param provider {@code local} (bge-small in process, the default) or {@code openai} (any
 *                 OpenAI-compatible {@code /v1/embeddings} endpoint)
 * @param openai   settings of the {@code openai} provider; also used to embed questions for bots
 *                 whose vectors still come from an earlier OpenAI model while they switch
 */
@ConfigurationProperties("parley.embedding")
public record EmbeddingProperties(@DefaultValue("local") Provider provider, @DefaultValue OpenAi openai) {

    public enum Provider { LOCAL, OPENAI }

    /**
     * @param baseUrl         up to and including {@code /v1}
     * @param apiKey          required (servers without authentication accept any value)
     * @param model           embedding model name
     * @param dimensions      sent as the API's {@code dimensions}; must be 384, the width of chunks.embedding
     * @param batchSize       texts per request
     * @param connectTimeout  TCP/TLS connect
     * @param timeout         whole request, per attempt
     * @param maxRetries      retries of 408/409/429/5xx/IO errors by the SDK, honouring Retry-After
     * @param verifyOnStartup embed one probe text at startup; a wrong vector width refuses to start
     */
    public record OpenAi(@DefaultValue("https://api.openai.com/v1") String baseUrl,
                         String apiKey,
                         @DefaultValue("text-embedding-3-small") String model,
                         @DefaultValue("384") int dimensions,
                         @DefaultValue("64") int batchSize,
                         @DefaultValue("5s") Duration connectTimeout,
                         @DefaultValue("60s") Duration timeout,
                         @DefaultValue("2") int maxRetries,
                         @DefaultValue("true") boolean verifyOnStartup) {

        /** The same endpoint and key with another model (for a bot still on an earlier model). */
        OpenAi withModel(String otherModel) {
            return new OpenAi(baseUrl, apiKey, otherModel, dimensions, batchSize, connectTimeout, timeout, maxRetries, false);
        }

        boolean configured() {
            return apiKey != null && !apiKey.isBlank();
        }
    }
}
