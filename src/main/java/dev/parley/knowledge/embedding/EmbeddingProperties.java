package dev.parley.knowledge.embedding;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which model turns chunks and questions into vectors.
 *
 * @param provider {@code local} (bge-small in process, the default) or {@code openai} (any
 *                 OpenAI-compatible {@code /v1/embeddings} endpoint)
 * @param local    tuning of the local model
 * @param openai   settings of the {@code openai} provider; also used to embed questions for bots
 *                 whose vectors still come from an earlier OpenAI model while they switch
 */
@ConfigurationProperties("parley.embedding")
public record EmbeddingProperties(@DefaultValue("local") Provider provider, @DefaultValue Local local, @DefaultValue OpenAi openai) {

    public enum Provider { LOCAL, OPENAI }

    /**
     * Defaults measured with bench/embeddings.sh (docs/benchmarks.md): on CPUs, single-threaded
     * inferences side by side use the cores better than one multi-threaded inference, and small
     * batches keep every core busy even for the 32 texts the pipeline hands over at a time.
     *
     * @param batchSize       texts per inference call
     * @param intraOpThreads  threads inside one inference call
     * @param parallelBatches inference calls at the same time; 0 = one per core
     */
    public record Local(@DefaultValue("8") int batchSize, @DefaultValue("1") int intraOpThreads,
                        @DefaultValue("0") int parallelBatches) {

        int parallel() {
            return parallelBatches > 0 ? parallelBatches : Runtime.getRuntime().availableProcessors();
        }
    }

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

        /** For the start-up check: one attempt, at most 10 s, so a service that is down does not hold up the start. */
        OpenAi forProbe() {
            Duration probeTimeout = timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10);
            return new OpenAi(baseUrl, apiKey, model, dimensions, batchSize, connectTimeout, probeTimeout, 0, false);
        }

        boolean configured() {
            return apiKey != null && !apiKey.isBlank();
        }
    }
}
