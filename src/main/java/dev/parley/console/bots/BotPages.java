package dev.parley.console.bots;

import dev.parley.shared.TenantContext;
import dev.parley.tenancy.Bot;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.ParleyPrincipal;
import dev.parley.widget.WidgetInstallations;
import java.security.Principal;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * Two plain pages on Parley's own origin that embed a bot with the real loader, for signed-in
 * members of the bot's workspace only (the console's security chain signs them in; RLS finds the bot
 * only in their workspace): the live preview shown next to the bot settings, and the test page
 * linked from the embed page. Why Parley's own origin may embed any bot: DD-045.
 */
@RestController
class BotPages {

    static final String PREVIEW = "/bot-preview/";
    static final String TEST = "/bot-test/";
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "frame-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

    private final BotService bots;
    private final WidgetInstallations installations;

    BotPages(BotService bots, WidgetInstallations installations) {
        this.bots = bots;
        this.installations = installations;
    }

    /** Framed by the bot settings view, which pushes unsaved settings into it (bot-preview.js). */
    @GetMapping(path = PREVIEW + "{botId}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> preview(@PathVariable String botId, Principal member) {
        return find(botId, member).map(bot -> page("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Preview · %1$s</title><link rel="stylesheet" href="/styles/bot-pages.css">
                <script src="/scripts/bot-preview.js" defer></script></head>
                <body class="preview" data-bot="%2$s" data-color="%3$s" data-position="%4$s" data-lang="%5$s">
                <div class="site" aria-hidden="true"><i class="bar"></i><i class="hero"></i><i></i><i></i><i class="short"></i></div>
                </body></html>
                """.formatted(text(bot.name()), text(bot.publicKey()), text(bot.settings().color()), position(bot),
                text(bot.settings().language())))).orElseGet(BotPages::notFound);
    }

    /** A page that embeds the bot exactly as a site does, with the snippet, to try it out. */
    @GetMapping(path = TEST + "{botId}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> test(@PathVariable String botId, Principal member) {
        return find(botId, member).map(bot -> page("""
                <!doctype html>
                <html lang="%5$s"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Test page · %1$s</title><link rel="stylesheet" href="/styles/bot-pages.css"></head>
                <body class="test"><main>
                <p class="kicker">Parley test page</p>
                <h1>%1$s</h1>
                <p>This page embeds the bot the way your site will: with the snippet below, on Parley's own address.
                Ask it what your visitors would ask; the answers come from its knowledge, as they will on your site.</p>
                <p>Only members of your workspace can open this page. Conversations held here are real conversations
                of the bot and show up in its transcripts.</p>
                <pre><code>%3$s</code></pre>
                </main>
                <script src="/embed.js" data-bot="%2$s" data-open="true" data-color="%4$s" data-position="%6$s" data-lang="%5$s" async></script>
                </body></html>
                """.formatted(text(bot.name()), text(bot.publicKey()),
                text(installations.snippet(bot.publicKey())),
                text(bot.settings().color()), text(bot.settings().language()), position(bot)))).orElseGet(BotPages::notFound);
    }

    /**
     * The bot, looked up in the signed-in member's workspace. The member comes from the request (set by
     * the security chain that admitted it), bound as an explicit tenant scope: the static
     * SecurityContextHolder is not always the chain's (a second application context in the same JVM,
     * as in the test suite, replaces its global strategy), and without a tenant RLS finds no bot.
     */
    private Optional<Bot> find(String botId, Principal member) {
        if (!(member instanceof Authentication auth) || !(auth.getPrincipal() instanceof ParleyPrincipal who)) return Optional.empty();
        UUID id;
        try {
            id = UUID.fromString(botId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return TenantContext.callAs(who.tenant(), who.user(), () -> bots.find(id));
    }

    private static String position(Bot bot) {
        return bot.settings().position().name().toLowerCase(Locale.ROOT);
    }

    private static String text(String value) {
        return HtmlUtils.htmlEscape(value);
    }

    private static ResponseEntity<String> page(String html) {
        return ResponseEntity.ok().header("Content-Security-Policy", CSP).cacheControl(CacheControl.noStore()).body(html);
    }

    private static ResponseEntity<String> notFound() {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_HTML).cacheControl(CacheControl.noStore())
                .body("<!doctype html><title>Not found</title><p>There is no such bot in your workspace.</p>");
    }
}
