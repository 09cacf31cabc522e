package dev.parley.knowledge;

import dev.parley.knowledge.embedding.Embedder;
import dev.parley.knowledge.embedding.EmbeddingModels;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What retrieval needs from knowledge: the model a bot's vectors come from (during a model switch
 * still the old one), that model's embedding of a question, and the full-text configuration its
 * chunks were indexed with.
 */
@Service
public class QueryEmbeddings {

    /** A bot's searchable index: vectors of {@code model}, text vectors in {@code textSearchConfig}. */
    public record BotIndex(String model, String textSearchConfig) {}

    static final Map<String, String> TEXT_SEARCH = Map.of("en", "english", "de", "german", "fr", "french", "es", "spanish");

    private final EmbeddingModels models;
    private final ActiveModels activeModels;
    private final BotLanguages languages;
    private final TransactionTemplate readOnly;

    QueryEmbeddings(EmbeddingModels models, ActiveModels activeModels, BotLanguages languages, PlatformTransactionManager transactions) {
        this.models = models;
        this.activeModels = activeModels;
        this.languages = languages;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** Empty when the bot has no chunks yet (no model claimed). */
    public Optional<BotIndex> indexOf(UUID botId) {
        return readOnly.execute(s -> {
            String model = activeModels.of(botId);
            return model == null ? Optional.<BotIndex>empty()
                    : Optional.of(new BotIndex(model, textSearchConfig(languages.languageOf(botId))));
        });
    }

    /** Empty when the model is not available on this node (configure it until a switch completes). */
    public Optional<float[]> embed(String model, String text) {
        Optional<Embedder> embedder = models.forModel(model);
        return embedder.map(e -> e.embed(List.of(text)).getFirst());
    }

    public static String textSearchConfig(String language) {
        return TEXT_SEARCH.getOrDefault(language, "simple");
    }
}
