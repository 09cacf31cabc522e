package dev.parley.tenancy;

import java.time.Instant;
import java.util.UUID;

/** A bot as other modules and the console see it. */
public record Bot(UUID id, String publicKey, BotSettings settings, boolean enabled, Instant createdAt, Instant updatedAt) {
    public String name() {
        return settings.name();
    }
}
