package dev.parley.knowledge.embedding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Embedders for tests in other packages. */
public final class TestEmbedders {

    private TestEmbedders() {}

    /** The OpenAI-compatible embedder against a fake server, with short timeouts. */
    public static Embedder openAi(String baseUrl, String apiKey, int maxRetries) {
        return new OpenAiEmbedder(settings(baseUrl, apiKey, maxRetries, Duration.ofSeconds(10)));
    }

    static EmbeddingProperties.OpenAi settings(String baseUrl, String apiKey, int maxRetries, Duration timeout) {
        return new EmbeddingProperties.OpenAi(baseUrl, apiKey, "text-embedding-3-small", 384, 64, Duration.ofSeconds(2), timeout,
                maxRetries, true);
    }

    /**
     * Deterministic bag-of-words vectors: each lower-cased word adds a seeded pseudo-random ±1
     * pattern, so texts sharing words are close. A different name gives a different seed and so
     * an unrelated vector space, like a different model. Counts its calls.
     */
    public static final class Hashing implements Embedder {
        private final String model;
        public final AtomicInteger calls = new AtomicInteger();

        public Hashing(String model) {
            this.model = model;
        }

        @Override
        public String model() {
            return model;
        }

        @Override
        public int dimensions() {
            return 384;
        }

        @Override
        public List<float[]> embed(List<String> texts) {
            calls.incrementAndGet();
            List<float[]> out = new ArrayList<>(texts.size());
            for (String text : texts) {
                float[] v = new float[384];
                for (String word : text.toLowerCase().split("[^\\p{L}\\p{N}]+")) {
                    if (word.length() < 3) continue;
                    long h = (word + "|" + model).hashCode() * 0x9E3779B97F4A7C15L;
                    for (int i = 0; i < 384; i++) {
                        h ^= h << 13;
                        h ^= h >>> 7;
                        h ^= h << 17;
                        v[i] += (h & 1) == 0 ? 1 : -1;
                    }
                }
                double norm = 0;
                for (float x : v) norm += x * x;
                float scale = (float) (1 / Math.max(Math.sqrt(norm), 1e-9));
                for (int i = 0; i < 384; i++) v[i] *= scale;
                out.add(v);
            }
            return out;
        }
    }

    /** Wraps an embedder and counts its calls (same model name). */
    public static final class Counting implements Embedder {
        private final Embedder inner;
        public final AtomicInteger calls = new AtomicInteger();

        public Counting(Embedder inner) {
            this.inner = inner;
        }

        @Override
        public String model() {
            return inner.model();
        }

        @Override
        public int dimensions() {
            return inner.dimensions();
        }

        @Override
        public List<float[]> embed(List<String> texts) {
            calls.incrementAndGet();
            return inner.embed(texts);
        }
    }
}
