package dev.parley.chat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.chat.llm.LlmClient;
import dev.parley.chat.llm.LlmEndpoint;
import dev.parley.retrieval.BotChanges;
import dev.parley.shared.TenantId;
import dev.parley.tenancy.AnswerSettings;
import dev.parley.tenancy.Bot;
import dev.parley.tenancy.BotService;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Bot configuration per bot (settings, answer settings, the resolved LLM endpoint), cached: every
 * turn needs it and it rarely changes. The database signals every change to a bot's row, so each
 * node drops its copy at once (BotChanges).
 */
@Component
class BotProfiles {

    private final BotService bots;
    private final LlmClient llm;
    /** Keyed by tenant too: a bot id presented by another tenant must miss, not hit. */
    private record Key(TenantId tenant, UUID botId) {}

    private final Cache<Key, BotProfile> cache;

    BotProfiles(BotService bots, LlmClient llm, BotChanges changes) {
        this.bots = bots;
        this.llm = llm;
        this.cache = Caffeine.newBuilder().maximumSize(10_000).build();
        changes.subscribe(bot -> bot.ifPresentOrElse(
                id -> cache.asMap().keySet().removeIf(k -> k.botId().equals(id)), cache::invalidateAll));
    }

    /** Must run in {@code tenant}'s scope; empty for a bot the tenant does not have. */
    Optional<BotProfile> of(TenantId tenant, UUID botId) {
        Key key = new Key(tenant, botId);
        BotProfile cached = cache.getIfPresent(key);
        if (cached != null) return Optional.of(cached);
        Optional<Bot> bot = bots.find(botId);
        if (bot.isEmpty()) return Optional.empty();
        AnswerSettings answers = bots.answerSettings(botId).orElseGet(AnswerSettings::defaults);
        BotProfile profile = new BotProfile(bot.get(), answers, endpoint(botId, answers));
        cache.put(key, profile);
        return Optional.of(profile);
    }

    /**
     * The bot's own endpoint when it has one, else the global default; the bot's model,
     * temperature and token limit override the defaults either way.
     */
    private Optional<LlmEndpoint> endpoint(UUID botId, AnswerSettings answers) {
        Optional<LlmEndpoint> fallback = llm.defaultEndpoint();
        LlmEndpoint base;
        if (answers.llmBaseUrl() != null) {
            String key = bots.llmApiKey(botId).orElse("");
            base = new LlmEndpoint(answers.llmBaseUrl(), key, fallback.map(LlmEndpoint::model).orElse("gpt-4o-mini"),
                    fallback.map(LlmEndpoint::temperature).orElse(0.2), fallback.map(LlmEndpoint::maxTokens).orElse(600));
        } else if (fallback.isPresent()) {
            base = fallback.get();
        } else {
            return Optional.empty();
        }
        return Optional.of(new LlmEndpoint(base.baseUrl(), base.apiKey(),
                answers.llmModel() != null ? answers.llmModel() : base.model(),
                answers.llmTemperature() != null ? answers.llmTemperature() : base.temperature(),
                answers.llmMaxTokens() != null ? answers.llmMaxTokens() : base.maxTokens()));
    }
}
