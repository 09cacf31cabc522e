package dev.parley.chat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.retrieval.BotChanges;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Answers to exact repeated first questions per bot (starter questions above all): no retrieval,
 * no model call. Only for a conversation's first question, since later ones depend on what came
 * before. Dropped for a bot the moment its settings or knowledge change (BotChanges), so an answer
 * never outlives the documents it came from; fallback and broken answers are never kept.
 */
@Component
class AnswerCache {

    record Key(UUID botId, String question) {}

    record Cached(AnswerMode mode, String text, List<SourceRef> sources, String model) {}

    private final Cache<Key, Cached> cache;
    /** Bumped on every change: an answer begun before a change is not kept after it. */
    private final AtomicLong changeCount = new AtomicLong();

    AnswerCache(ChatProperties properties, BotChanges changes) {
        this.cache = Caffeine.newBuilder().maximumSize(properties.answerCacheSize())
                .expireAfterWrite(properties.answerCacheTtl()).build();
        changes.subscribe(bot -> {
            changeCount.incrementAndGet();
            bot.ifPresentOrElse(id -> cache.asMap().keySet().removeIf(k -> k.botId().equals(id)), cache::invalidateAll);
        });
    }

    /** Taken before retrieval; {@link #put} keeps the answer only if nothing changed since. */
    long stamp() {
        return changeCount.get();
    }

    Optional<Cached> get(UUID botId, String question) {
        return Optional.ofNullable(cache.getIfPresent(key(botId, question)));
    }

    void put(UUID botId, String question, Cached answer, long stamp) {
        if (answer.mode() == AnswerMode.FALLBACK) return;
        Key key = key(botId, question);
        cache.put(key, answer);
        if (changeCount.get() != stamp) cache.invalidate(key); // a change arrived meanwhile
    }

    private static Key key(UUID botId, String question) {
        return new Key(botId, question.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT));
    }
}
