package dev.parley.widget;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.shared.TenantContext;
import dev.parley.tenancy.TenancyProperties;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Where a bot's widget is installed: the widget API notes each page origin it serves (and each it
 * refuses) for the embed page's install check, and the snippet a site pastes. Noting costs at most
 * one write per bot, origin and minute: a per-node cache skips repeats, and the upsert itself does
 * not touch a row seen less than a minute ago (so N nodes still write once a minute).
 */
@Service
public class WidgetInstallations {

    /** A page origin the widget was served on ({@code lastAllowedAt}) or refused on ({@code lastDeniedAt}). */
    public record Sighting(String origin, Instant lastAllowedAt, Instant lastDeniedAt) {}

    /** Rows kept per bot: forged Origin headers must not grow the table without bound. */
    static final int KEPT_PER_BOT = 50;
    static final Duration THROTTLE = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(WidgetInstallations.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final String publicUrl;
    private final Cache<String, Boolean> recent = Caffeine.newBuilder().maximumSize(20_000).expireAfterWrite(THROTTLE).build();

    WidgetInstallations(JdbcClient jdbc, TransactionTemplate tx, TenancyProperties tenancy) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.publicUrl = tenancy.publicUrl().replaceAll("/+$", "");
    }

    /** The snippet a site puts on its pages, with Parley's configured public address. */
    public String snippet(String publicKey) {
        return "<script src=\"" + publicUrl + "/embed.js\" data-bot=\"" + publicKey + "\" async></script>";
    }

    /** Parley's configured public address (the embed page links the test page relative to it). */
    public String publicUrl() {
        return publicUrl;
    }

    /** The bot's sightings in the current tenant, most recent first. */
    public List<Sighting> sightings(UUID botId) {
        return tx.execute(status -> jdbc.sql("""
                        SELECT origin, last_allowed_at, last_denied_at FROM widget_sightings WHERE bot_id = ?
                        ORDER BY greatest(last_allowed_at, last_denied_at) DESC, origin LIMIT ?""")
                .param(botId).param(KEPT_PER_BOT)
                .query((rs, n) -> new Sighting(rs.getString(1), instant(rs.getTimestamp(2)), instant(rs.getTimestamp(3))))
                .list());
    }

    /**
     * Notes that a page of {@code origin} was served the bot's widget ({@code allowed}) or refused it.
     * {@code bot} is looked up only when this node has not noted the same thing in the last minute.
     * Never fails the request that triggered it.
     */
    void note(String publicKey, String origin, boolean allowed, Supplier<Optional<WidgetBots.WidgetBot>> bot) {
        if (publicKey == null || origin == null || origin.length() < 8 || origin.length() > 300 || publicKey.length() > 120) return;
        String key = allowed + " " + publicKey + " " + origin;
        if (recent.getIfPresent(key) != null) return;
        recent.put(key, Boolean.TRUE);
        try {
            bot.get().ifPresent(b -> TenantContext.callAs(b.tenant(), null, () -> tx.execute(status -> write(b, origin, allowed))));
        } catch (RuntimeException e) {
            // the install check is a convenience: a failed note must never fail the widget
            log.debug("Could not note a widget sighting on {}", origin, e);
        }
    }

    private int write(WidgetBots.WidgetBot bot, String origin, boolean allowed) {
        String column = allowed ? "last_allowed_at" : "last_denied_at";
        int written = jdbc.sql("""
                        INSERT INTO widget_sightings (tenant_id, id, bot_id, origin, %1$s) VALUES (?, ?, ?, ?, now())
                        ON CONFLICT (tenant_id, bot_id, origin) DO UPDATE SET %1$s = excluded.%1$s
                        WHERE widget_sightings.%1$s IS NULL OR widget_sightings.%1$s < excluded.%1$s - interval '1 minute'"""
                        .formatted(column))
                .param(bot.tenant().value()).param(UUID.randomUUID()).param(bot.botId()).param(origin).update();
        if (written > 0) {
            jdbc.sql("""
                            DELETE FROM widget_sightings WHERE bot_id = ? AND id NOT IN (
                                SELECT id FROM widget_sightings WHERE bot_id = ?
                                ORDER BY greatest(last_allowed_at, last_denied_at) DESC LIMIT ?)""")
                    .param(bot.botId()).param(bot.botId()).param(KEPT_PER_BOT).update();
        }
        return written;
    }

    /** Forgets what this node skipped recently (tests). */
    void forgetRecent() {
        recent.invalidateAll();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
