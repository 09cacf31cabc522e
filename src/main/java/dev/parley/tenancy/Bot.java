package dev.parley.tenancy;

import java.time.Instant;
import java.util.UUID;

/**
 * A bot as other modules and the console see it. {@code avatarVersion} names the current avatar image
 * (for cache busting), null when the bot has none and shows its initial.
 */
public record Bot(UUID id, String publicKey, BotSettings settings, boolean enabled, Instant createdAt, Instant updatedAt,
                  String avatarVersion) {
    public String name() {
        return settings.name();
    }
}
