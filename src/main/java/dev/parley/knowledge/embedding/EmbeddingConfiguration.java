package dev.parley.knowledge.embedding;

import java.nio.file.Path;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The local model unless another embedder is configured. */
@Configuration(proxyBeanMethods = false)
class EmbeddingConfiguration {

    @Bean(destroyMethod = "close")
    OnnxBatchEmbedder embedder(Environment environment) {
        // DJL unpacks its tokenizer's native code into a cache; keep it in Parley's data directory
        // rather than the user's home (which may be read-only for a service account).
        Path cache = Path.of(environment.getProperty("parley.data-dir", "data")).resolve("djl-cache").toAbsolutePath();
        if (System.getProperty("DJL_CACHE_DIR") == null) System.setProperty("DJL_CACHE_DIR", cache.toString());
        int batch = environment.getProperty("parley.knowledge.embedding-batch", Integer.class, 32);
        return new OnnxBatchEmbedder(batch, Runtime.getRuntime().availableProcessors());
    }
}
