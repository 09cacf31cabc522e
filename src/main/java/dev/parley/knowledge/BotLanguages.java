package dev.parley.knowledge;

import dev.parley.tenancy.BotService;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The bot's language decides sentence splitting and the full-text configuration of its chunks. */
@Component
class BotLanguages {
    private final BotService bots;

    BotLanguages(BotService bots) {
        this.bots = bots;
    }

    String languageOf(UUID botId) {
        return bots.find(botId).map(b -> b.settings().language()).orElse("en");
    }
}
