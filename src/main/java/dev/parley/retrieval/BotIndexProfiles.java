package dev.parley.retrieval;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.knowledge.QueryEmbeddings;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Which model and text-search configuration a bot's index uses, cached per bot. Bot ids are random
 * UUIDs, unique across tenants. Dropped when the database signals a change to the bot (a model
 * switch or a language change updates its row).
 */
@Component
class BotIndexProfiles {

    private final QueryEmbeddings embeddings;
    private final Cache<UUID, QueryEmbeddings.BotIndex> cache;

    BotIndexProfiles(QueryEmbeddings embeddings, RetrievalProperties properties, BotChanges changes) {
        this.embeddings = embeddings;
        this.cache = Caffeine.newBuilder().maximumSize(properties.cacheSize()).build();
        changes.subscribe(bot -> bot.ifPresentOrElse(cache::invalidate, cache::invalidateAll));
    }

    Optional<QueryEmbeddings.BotIndex> of(UUID botId) {
        QueryEmbeddings.BotIndex cached = cache.getIfPresent(botId);
        if (cached != null) return Optional.of(cached);
        Optional<QueryEmbeddings.BotIndex> found = embeddings.indexOf(botId); // not cached while empty: the first document claims a model
        found.ifPresent(index -> cache.put(botId, index));
        return found;
    }

    void forget(UUID botId) {
        cache.invalidate(botId);
    }
}
