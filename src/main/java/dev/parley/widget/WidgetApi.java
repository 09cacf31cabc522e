package dev.parley.widget;

import dev.parley.chat.ChatCaller;
import dev.parley.chat.ConversationService;
import dev.parley.shared.TenantContext;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.BotSettings;
import dev.parley.tenancy.TenancyProperties;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The widget's public endpoints. Neither takes a credential: a bot is named by its public key,
 * and answers only for the sites listed in its allowed origins (docs/decisions/DD-031-widget-sessions.md).
 * Unknown bot, switched-off bot and a site not allowed get the same 404, so the API tells a
 * stranger nothing about which keys exist.
 */
@RestController
@Hidden // not part of the tenant API's description (/v3/api-docs): the widget's own, keyless endpoints, docs/chat-api.md
@Tag(name = "Widget", description = "The embedded widget's public configuration and visitor sessions")
class WidgetApi {

    record Config(UUID botId, String name, String color, String welcomeMessage, List<String> starterQuestions,
                  String language, String position) {}

    /** {@code previousToken} (the chat app's name, see widget-embed/README.md) or {@code token}: the session to continue. */
    record SessionRequest(String bot, String host, Boolean newConversation, String token, String previousToken) {
        String continued() {
            return previousToken != null ? previousToken : token;
        }
    }

    record Session(String token, Instant expiresAt, UUID conversationId, String visitorId) {}

    static final Map<String, String> NOT_FOUND = Map.of("error", "There is no such assistant here.");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WidgetBots bots;
    private final BotService botService;
    private final ConversationService conversations;
    private final WidgetTokens tokens;
    private final WidgetKeys keys;
    private final WidgetRateLimits limits;
    private final TenancyProperties tenancy;

    WidgetApi(WidgetBots bots, BotService botService, ConversationService conversations, WidgetTokens tokens, WidgetKeys keys,
              WidgetRateLimits limits, TenancyProperties tenancy) {
        this.bots = bots;
        this.botService = botService;
        this.conversations = conversations;
        this.tokens = tokens;
        this.keys = keys;
        this.limits = limits;
        this.tenancy = tenancy;
    }

    /**
     * Called by the loader on the host page (cross-origin: Origin is the host page, answered with
     * CORS for exactly that origin) or by the chat frame (Parley's own origin: the host page is
     * named by {@code host} and must be allowed).
     */
    @GetMapping(path = "/api/v1/widget/config", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A bot's public look and wording, for its allowed sites only")
    ResponseEntity<?> config(@RequestParam(name = "bot", required = false) String publicKey,
                             @RequestParam(name = "host", required = false) String host, HttpServletRequest request) {
        Optional<String> caller = Origins.ofCaller(request);
        boolean fromFrame = caller.map(o -> Origins.isOwn(request, o, tenancy.publicUrl())).orElse(false);
        Optional<String> site = fromFrame ? Optional.ofNullable(host).flatMap(Origins::of) : caller;
        var bot = site.flatMap(origin -> bots.findForOrigin(publicKey, origin));
        Optional<BotSettings> settings = bot.flatMap(b -> TenantContext.callAs(b.tenant(), null, () -> botService.find(b.botId())))
                .filter(dev.parley.tenancy.Bot::enabled).map(dev.parley.tenancy.Bot::settings);
        if (settings.isEmpty()) return notFound();
        BotSettings s = settings.get();
        var response = ResponseEntity.ok().header(HttpHeaders.VARY, HttpHeaders.ORIGIN)
                .cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(1)));
        if (!fromFrame) response.header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, site.get());
        return response.body(new Config(bot.get().botId(), s.name(), s.color(), s.welcomeMessage(), s.starterQuestions(),
                s.language(), s.position().name().toLowerCase(java.util.Locale.ROOT)));
    }

    /**
     * Called by the chat frame, which runs on Parley's origin: the request's Origin (or Referer)
     * must be Parley's own (or the host page itself), and the host page the frame reports must be
     * one of the bot's allowed origins. A browser cannot forge either header; the frame-ancestors
     * CSP of the frame page makes sure the reported host page is the real one.
     */
    @PostMapping(path = "/api/v1/widget/sessions", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Start or continue a visitor session: a short-lived token for the chat API")
    ResponseEntity<?> session(@RequestBody(required = false) SessionRequest body, HttpServletRequest request) {
        if (body == null) return notFound();
        Optional<String> host = Optional.ofNullable(body.host()).flatMap(Origins::of);
        Optional<String> caller = Origins.ofCaller(request);
        boolean callerOk = host.isPresent() && caller.isPresent()
                && (Origins.isOwn(request, caller.get(), tenancy.publicUrl()) || caller.get().equals(host.get()));
        var found = callerOk ? bots.findForOrigin(body.bot(), host.get()) : Optional.<WidgetBots.WidgetBot>empty();
        if (found.isEmpty()) return notFound();
        WidgetBots.WidgetBot bot = found.get();

        Optional<WidgetTokens.Session> previous = Optional.ofNullable(body.continued()).flatMap(tokens::verifyForRenewal)
                .filter(s -> s.botId().equals(bot.botId()) && s.tenant().equals(bot.tenant()));
        String visitorId = previous.map(WidgetTokens.Session::visitorId).orElseGet(WidgetApi::newVisitorId);

        var settings = limits.settings();
        List<WidgetRateLimits.Limit> buckets = new ArrayList<>(List.of(
                new WidgetRateLimits.Limit("session-ip", request.getRemoteAddr(), settings.sessionsPerIp()),
                new WidgetRateLimits.Limit("session-bot", bot.botId().toString(), settings.sessionsPerBot())));
        if (previous.isPresent()) {
            buckets.addFirst(new WidgetRateLimits.Limit("session-visitor", bot.botId() + "/" + visitorId, settings.sessionsPerVisitor()));
        }
        WidgetRateLimits.Decision decision;
        try {
            decision = limits.consume(buckets);
        } catch (WidgetRateLimits.Unavailable e) {
            return WidgetErrors.busy();
        }
        if (!decision.allowed()) return WidgetErrors.tooMany(decision);

        ChatCaller chatCaller = new ChatCaller(bot.tenant(), bot.botId(), visitorId);
        boolean fresh = Boolean.TRUE.equals(body.newConversation());
        UUID conversationId = TenantContext.callAs(bot.tenant(), null, () -> previous.filter(p -> !fresh)
                .flatMap(p -> conversations.find(chatCaller, p.conversationId())).map(c -> c.id())
                .orElseGet(() -> conversations.start(chatCaller, bot.botId()).id()));
        WidgetTokens.Issued issued = tokens.issue(bot.tenant(), bot.botId(), visitorId, conversationId);
        return WidgetErrors.withLimitHeaders(ResponseEntity.status(HttpStatus.CREATED), decision)
                .cacheControl(CacheControl.noStore())
                .body(new Session(issued.token(), issued.expiresAt(), conversationId, visitorId));
    }

    /** The public keys that verify visitor session tokens: the current one and those still in use. */
    @GetMapping(path = "/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Public keys of visitor session tokens (JWKS)")
    ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(5)).cachePublic())
                .body(keys.publicKeys().toJSONObject(true));
    }

    private static ResponseEntity<Map<String, String>> notFound() {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).header(HttpHeaders.VARY, HttpHeaders.ORIGIN)
                .cacheControl(CacheControl.noStore()).contentType(MediaType.APPLICATION_JSON).body(NOT_FOUND);
    }

    private static String newVisitorId() {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return "v_" + Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }
}
