package dev.parley.widget;

import dev.parley.shared.TenantContext;
import dev.parley.tenancy.BotService;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A bot's avatar for the chat frame's {@code <img>} (img-src 'self'), public like the bot's name and
 * colour. Only the PNG Parley re-encoded is ever sent, as an image that cannot be sniffed or run as
 * anything else. The URL carries the avatar's version, so a matching request is cacheable for good (DD-048).
 * Unknown key, switched-off bot and no avatar get the same 404.
 */
@RestController
@Hidden // the widget's own keyless endpoint, like WidgetApi: not part of the tenant API's description
public class WidgetAvatars {

    static final String PATH = "/api/v1/widget/avatar/";
    private static final String CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

    private final WidgetBots bots;
    private final BotService botService;
    private final WidgetRateLimits limits;

    WidgetAvatars(WidgetBots bots, BotService botService, WidgetRateLimits limits) {
        this.bots = bots;
        this.botService = botService;
        this.limits = limits;
    }

    /** Root-relative, on Parley's origin; null when the bot has no avatar. */
    public static String url(String publicKey, String version) {
        return version == null ? null : PATH + publicKey + "?v=" + version;
    }

    @GetMapping(PATH + "{publicKey}")
    ResponseEntity<?> avatar(@PathVariable String publicKey, @RequestParam(name = "v", required = false) String version,
                             HttpServletRequest request) {
        // Browsers keep an avatar for a year, so these budgets (the config request's) only bite a client that ignores caching.
        var limit = limits.settings();
        String ip = request.getRemoteAddr();
        WidgetRateLimits.Decision decision = limits.consume(List.of(
                new WidgetRateLimits.Limit("avatar-ip-bot", ip + "/" + publicKey, limit.configPerIpAndBot()),
                new WidgetRateLimits.Limit("avatar-ip", ip, limit.configPerIp())));
        if (!decision.allowed()) return WidgetErrors.tooMany(decision);
        var found = bots.find(publicKey).filter(WidgetBots.WidgetBot::enabled)
                .flatMap(bot -> TenantContext.callAs(bot.tenant(), null, () -> botService.find(bot.botId())
                        .filter(dev.parley.tenancy.Bot::enabled).filter(b -> b.avatarVersion() != null)
                        .flatMap(b -> botService.avatar(b.id()).map(png -> new Found(b.avatarVersion(), png)))));
        if (found.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).cacheControl(CacheControl.noStore())
                    .header("Content-Security-Policy", CSP).header("X-Content-Type-Options", "nosniff").build();
        }
        Found avatar = found.get();
        // The versioned URL names this exact image for good; an old or missing version is checked again soon.
        CacheControl caching = avatar.version().equals(version)
                ? CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable()
                : CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic();
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).cacheControl(caching)
                .eTag('"' + avatar.version() + '"')
                .header("Content-Security-Policy", CSP).header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"avatar.png\"")
                .header("Cross-Origin-Resource-Policy", "same-origin")
                .body(avatar.png());
    }

    private record Found(String version, byte[] png) {}
}
