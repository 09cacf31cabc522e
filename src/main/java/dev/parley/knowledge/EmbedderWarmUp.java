package dev.parley.knowledge;

import dev.parley.knowledge.embedding.Embedder;
import dev.parley.knowledge.embedding.EmbeddingModels;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Loads the embedding model right after start-up, off the start-up path, so the first question is fast. */
@Component
class EmbedderWarmUp {

    private static final Logger log = LoggerFactory.getLogger(EmbedderWarmUp.class);

    private final Embedder embedder;

    EmbedderWarmUp(EmbeddingModels models) {
        this.embedder = models.current();
    }

    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        Thread.ofVirtual().name("embedder-warm-up").start(() -> {
            long start = System.nanoTime();
            try {
                embedder.embed(List.of("warm up"));
                log.info("Embedding model {} loaded in {} ms", embedder.model(), (System.nanoTime() - start) / 1_000_000);
            } catch (RuntimeException e) {
                log.warn("Embedding model {} could not be loaded: {}", embedder.model(), e.getMessage());
            }
        });
    }
}
