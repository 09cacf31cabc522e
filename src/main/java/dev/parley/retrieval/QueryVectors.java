package dev.parley.retrieval;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.knowledge.QueryEmbeddings;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Query embeddings, cached by model and normalised text: the same question asked again (starter
 * questions above all) skips the model. A vector depends only on the model and the text, so
 * entries never go stale; the cache is bounded by size and idle time.
 */
@Component
class QueryVectors {

    private record Key(String model, String text) {}

    private final QueryEmbeddings embeddings;
    private final Cache<Key, float[]> cache;

    QueryVectors(QueryEmbeddings embeddings, RetrievalProperties properties) {
        this.embeddings = embeddings;
        this.cache = Caffeine.newBuilder().maximumSize(properties.cacheSize()).expireAfterAccess(Duration.ofHours(6)).build();
    }

    Optional<float[]> of(String model, String question) {
        Key key = new Key(model, normalise(question));
        float[] cached = cache.getIfPresent(key);
        if (cached != null) return Optional.of(cached);
        Optional<float[]> vector = embeddings.embed(model, key.text());
        vector.ifPresent(v -> cache.put(key, v));
        return vector;
    }

    /** Case and spacing do not change what is asked; the embedding model lowercases anyway. */
    static String normalise(String question) {
        return question.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
