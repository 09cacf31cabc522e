package dev.parley.retrieval;

import dev.parley.platform.DatabaseSignals;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Tells caches on every node that a bot's settings or knowledge changed. The database raises the
 * signal itself (triggers on bots and chunks, changelog 013), so no code path can forget to.
 * An empty bot means "anything may have changed" (after a lost connection).
 */
@Component
public class BotChanges {

    static final String CHANNEL = "parley_bot_changed";

    private final DatabaseSignals signals;

    BotChanges(DatabaseSignals signals) {
        this.signals = signals;
    }

    public void subscribe(Consumer<Optional<UUID>> onChange) {
        signals.subscribe(CHANNEL, payload -> onChange.accept(botOf(payload)));
    }

    static Optional<UUID> botOf(String payload) {
        if (DatabaseSignals.EVERYTHING.equals(payload)) return Optional.empty();
        return Optional.of(UUID.fromString(payload.substring(payload.indexOf('/') + 1)));
    }
}
