package dev.parley.knowledge.embedding;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.Timeout;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.errors.UnprocessableEntityException;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.Embedding;
import com.openai.models.embeddings.EmbeddingCreateParams;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeddings from an OpenAI-compatible {@code /v1/embeddings} endpoint through the official SDK,
 * which retries 408/409/429/5xx and connection errors with backoff, honouring Retry-After(-Ms);
 * 401/403/400 are not retried. The API's {@code dimensions} parameter asks for 384-wide vectors
 * (text-embedding-3 shortens them, Matryoshka-style); every answer is checked for that width.
 */
final class OpenAiEmbedder implements Embedder, AutoCloseable {

    static final String PREFIX = "openai:";
    private static final Logger log = LoggerFactory.getLogger(OpenAiEmbedder.class);

    private final EmbeddingProperties.OpenAi settings;
    private final OpenAIClient client;

    OpenAiEmbedder(EmbeddingProperties.OpenAi settings) {
        this.settings = settings;
        Timeout timeout = Timeout.builder().connect(settings.connectTimeout()).read(settings.timeout())
                .write(settings.timeout()).request(settings.timeout()).build();
        this.client = OpenAIOkHttpClient.builder()
                .baseUrl(settings.baseUrl())
                .apiKey(settings.apiKey())
                .timeout(timeout)
                .maxRetries(Math.max(0, settings.maxRetries()))
                .disableTelemetry(true) // no X-Stainless-OS/-Arch/-Runtime headers about this host
                .build();
    }

    /** Stored per chunk: the provider prefix keeps it apart from a local model of the same name. */
    @Override
    public String model() {
        return PREFIX + settings.model();
    }

    @Override
    public int dimensions() {
        return settings.dimensions();
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        int batch = Math.max(1, settings.batchSize());
        for (int i = 0; i < texts.size(); i += batch) out.addAll(request(texts.subList(i, Math.min(texts.size(), i + batch))));
        return out;
    }

    private List<float[]> request(List<String> texts) {
        EmbeddingCreateParams params = EmbeddingCreateParams.builder()
                .model(settings.model())
                .inputOfArrayOfStrings(texts)
                .dimensions(settings.dimensions())
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT) // not every compatible server does base64
                .build();
        CreateEmbeddingResponse response;
        List<Embedding> data;
        try {
            response = client.embeddings().create(params);
            data = new ArrayList<>(response.data());
            data.sort(Comparator.comparingLong(Embedding::index));
        } catch (OpenAIException e) {
            throw translate(e);
        }
        if (data.size() != texts.size()) {
            throw new EmbeddingFailure("The embedding service returned " + data.size() + " vectors for " + texts.size()
                    + " texts.", false, null);
        }
        List<float[]> vectors = new ArrayList<>(data.size());
        for (Embedding e : data) {
            List<Float> values;
            try {
                values = e.embedding();
            } catch (OpenAIException ex) {
                throw translate(ex);
            }
            if (values.size() != settings.dimensions()) throw wrongWidth(values.size());
            float[] v = new float[values.size()];
            for (int i = 0; i < v.length; i++) v[i] = values.get(i);
            vectors.add(v);
        }
        return vectors;
    }

    EmbeddingFailure wrongWidth(int got) {
        return new EmbeddingFailure("The embedding model " + settings.model() + " returned " + got + " dimensions; Parley stores "
                + settings.dimensions() + ". Use a model that supports the dimensions parameter (e.g. text-embedding-3-small).",
                true, null);
    }

    /**
     * What the document shows: tenants see it, so no endpoint address (it is logged instead), and
     * no body of a 401/403 (it may echo part of the key).
     */
    EmbeddingFailure translate(OpenAIException e) {
        log.warn("Embedding request to {} ({}) failed: {}", settings.baseUrl(), settings.model(),
                e instanceof OpenAIServiceException s ? "HTTP " + s.statusCode() : e.toString());
        String where = " (model " + settings.model() + ")";
        return switch (e) {
            case UnauthorizedException x -> new EmbeddingFailure("The embedding service refused the API key (HTTP 401)" + where
                    + ". Check parley.embedding.openai.api-key.", true, e);
            case PermissionDeniedException x -> new EmbeddingFailure("The API key may not use this embedding model (HTTP 403)"
                    + where + ".", true, e);
            case BadRequestException x -> new EmbeddingFailure("The embedding service rejected the request (HTTP 400" + detail(x)
                    + ")" + where + ".", true, e);
            case NotFoundException x -> new EmbeddingFailure("The embedding service does not know this model or path (HTTP 404)"
                    + where + ".", true, e);
            case UnprocessableEntityException x -> new EmbeddingFailure("The embedding service rejected the request (HTTP 422"
                    + detail(x) + ")" + where + ".", true, e);
            case RateLimitException x -> new EmbeddingFailure("The embedding service is rate-limiting requests (HTTP 429)"
                    + retries() + where + ".", false, e);
            case InternalServerException x -> new EmbeddingFailure("The embedding service failed (HTTP " + x.statusCode() + ")"
                    + retries() + where + ".", false, e);
            case OpenAIServiceException x -> new EmbeddingFailure("The embedding service answered HTTP " + x.statusCode() + where
                    + ".", false, e);
            case OpenAIIoException x -> new EmbeddingFailure("The embedding service could not be reached or timed out" + where
                    + ".", false, e);
            case OpenAIInvalidDataException x -> new EmbeddingFailure("The embedding service sent an answer that is not valid "
                    + "embeddings JSON" + where + ".", false, e);
            default -> new EmbeddingFailure("Embedding failed: " + e.getClass().getSimpleName() + where + ".", false, e);
        };
    }

    private String retries() {
        return settings.maxRetries() > 0 ? " after " + settings.maxRetries() + " retries" : "";
    }

    private static String detail(OpenAIServiceException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().strip();
        if (message.isEmpty()) return "";
        return ": " + (message.length() > 200 ? message.substring(0, 200) + "…" : message);
    }

    @Override
    public void close() {
        client.close();
    }
}
