package dev.parley.knowledge.embedding;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Refuses an OpenAI configuration that cannot fill vector(384), before anything is indexed with it. */
final class OpenAiSetup {

    private static final Logger log = LoggerFactory.getLogger(OpenAiSetup.class);
    static final int COLUMN_DIMENSIONS = 384;

    private OpenAiSetup() {}

    static OpenAiEmbedder verified(EmbeddingProperties.OpenAi settings) {
        if (!settings.configured()) {
            throw new IllegalStateException("parley.embedding.provider=openai needs parley.embedding.openai.api-key "
                    + "(any value for a server without authentication).");
        }
        if (settings.dimensions() != COLUMN_DIMENSIONS) {
            throw new IllegalStateException("parley.embedding.openai.dimensions is " + settings.dimensions()
                    + ", but chunks store vector(" + COLUMN_DIMENSIONS + "): set it to " + COLUMN_DIMENSIONS + ".");
        }
        if (settings.model().equals("text-embedding-ada-002")) {
            throw new IllegalStateException("text-embedding-ada-002 always returns 1536 dimensions (it ignores the dimensions "
                    + "parameter); Parley needs " + COLUMN_DIMENSIONS + ". Use text-embedding-3-small or text-embedding-3-large.");
        }
        if (settings.verifyOnStartup()) {
            try (OpenAiEmbedder probe = new OpenAiEmbedder(settings.forProbe())) {
                probe(probe);
            }
        }
        return new OpenAiEmbedder(settings);
    }

    /**
     * A permanent failure (wrong width, model unknown, key refused, dimensions rejected) is a
     * configuration error: refuse to start. An unreachable or overloaded service is not.
     */
    private static void probe(OpenAiEmbedder embedder) {
        try {
            embedder.embed(List.of("Parley startup check"));
            log.info("Embedding service answers {}-dimension vectors for {}", COLUMN_DIMENSIONS, embedder.model());
        } catch (EmbeddingFailure e) {
            if (e.permanent()) throw new IllegalStateException(e.getMessage(), e);
            log.warn("Embedding service check failed; documents will retry: {}", e.getMessage());
        }
    }
}
