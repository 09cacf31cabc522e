package dev.parley.chat;

import dev.parley.chat.llm.LlmEndpoint;
import dev.parley.tenancy.AnswerSettings;
import dev.parley.tenancy.Bot;
import java.util.Optional;

/** What a turn needs to know about its bot, cached per bot until the bot changes. */
record BotProfile(Bot bot, AnswerSettings answers, Optional<LlmEndpoint> llm) {

    String language() {
        return bot.settings().language();
    }
}
