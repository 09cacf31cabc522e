package dev.parley.widget;

import dev.parley.shared.TenantId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Resolves a widget's public bot key before any tenant is known, through the one narrow
 * SECURITY DEFINER lookup (parley_find_widget_bot): tenant, bot, whether it is on, and where it may
 * be embedded.
 */
@Service
class WidgetBots {

    record WidgetBot(TenantId tenant, UUID botId, boolean enabled, List<String> allowedOrigins) {}

    private final JdbcClient jdbc;
    private final WidgetInstallations installations;

    WidgetBots(JdbcClient jdbc, WidgetInstallations installations) {
        this.jdbc = jdbc;
        this.installations = installations;
    }

    Optional<WidgetBot> find(String publicKey) {
        if (publicKey == null || !publicKey.matches("pk_[A-Za-z0-9_-]{20,100}")) return Optional.empty();
        return jdbc.sql("SELECT tenant_id, bot_id, enabled, allowed_origins FROM parley_find_widget_bot(?)")
                .param(publicKey)
                .query((rs, n) -> new WidgetBot(new TenantId(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class),
                        rs.getBoolean(3), Arrays.asList((String[]) rs.getArray(4).getArray())))
                .optional();
    }

    /**
     * Notes for the install check that a page of {@code origin} asked for the bot, and whether it
     * was served; nothing for a key that names no bot.
     */
    void noteSighting(String publicKey, String origin, Optional<WidgetBot> served) {
        installations.note(publicKey, origin, served.isPresent(), () -> served.or(() -> find(publicKey)));
    }

    /** The bot, when it is switched on and {@code origin} is one of its allowed origins. */
    Optional<WidgetBot> findForOrigin(String publicKey, String origin) {
        return find(publicKey).filter(WidgetBot::enabled)
                .filter(bot -> dev.parley.tenancy.AllowedOrigins.matches(bot.allowedOrigins(), origin));
    }
}
