package dev.parley.knowledge.embedding;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The configured embedding model, plus earlier ones on demand while bots switch. */
@Configuration(proxyBeanMethods = false)
class EmbeddingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddingConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddingModels embeddingModels(EmbeddingProperties properties, Environment environment) {
        NativeCache.keepOutOfHome(Path.of(environment.getProperty("parley.data-dir", "data")));
        EmbeddingProperties.Local local = properties.local();
        Embedder current = switch (properties.provider()) {
            case LOCAL -> new OnnxBatchEmbedder(local.batchSize(), local.intraOpThreads(), local.parallel());
            case OPENAI -> OpenAiSetup.verified(properties.openai());
        };
        log.info("Embedding model: {}", current.model());
        return new EmbeddingModels(current, model -> {
            if (LocalEmbedder.MODEL.equals(model)) return new OnnxBatchEmbedder(local.batchSize(), local.intraOpThreads(), local.parallel());
            if (model.startsWith(OpenAiEmbedder.PREFIX) && properties.openai().configured()) {
                return new OpenAiEmbedder(properties.openai().withModel(model.substring(OpenAiEmbedder.PREFIX.length())));
            }
            return null;
        });
    }
}
