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

    /** {@code theme}: auto, light or dark; {@code avatarUrl}: root-relative on Parley's origin, null for the initial. */
    record Config(UUID botId, String name, String color, String welcomeMessage, List<String> starterQuestions,
                  String language, String position, String theme, String avatarUrl) {}

    /**
     * {@code previousToken} (the chat app's name, see widget-embed/README.md) or {@code token}: the session to
     * continue; {@code identityToken}: the JWT the site's server signed for a logged-in visitor (Parley.identify).
     */
    record SessionRequest(String bot, String host, Boolean newConversation, String token, String previousToken, String identityToken) {
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
    private final WidgetIdentities identities;
    private final TenancyProperties tenancy;

    WidgetApi(WidgetBots bots, BotService botService, ConversationService conversations, WidgetTokens tokens, WidgetKeys keys,
              WidgetRateLimits limits, WidgetIdentities identities, TenancyProperties tenancy) {
        this.bots = bots;
        this.botService = botService;
        this.conversations = conversations;
        this.tokens = tokens;
        this.keys = keys;
        this.limits = limits;
        this.identities = identities;
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
        // Limited before anything is looked up, per IP and bot (one abuser does not starve another tenant's
        // visitors behind the same address) and per IP over all keys (no cycling through made-up keys).
        var limit = limits.settings();
        String ip = request.getRemoteAddr();
        WidgetRateLimits.Decision decision = limits.consume(List.of(
                new WidgetRateLimits.Limit("config-ip-bot", ip + "/" + publicKey, limit.configPerIpAndBot()),
                new WidgetRateLimits.Limit("config-ip", ip, limit.configPerIp())));
        if (!decision.allowed()) return WidgetErrors.tooMany(decision);
        Optional<String> caller = Origins.ofCaller(request);
        boolean fromFrame = caller.map(o -> Origins.isOwn(request, o, tenancy.publicUrl())).orElse(false);
        Optional<String> site = fromFrame ? Optional.ofNullable(host).flatMap(Origins::of) : caller;
        // Parley's own pages (the console's preview, the test page) may show any bot: DD-045
        boolean own = fromFrame && site.map(o -> Origins.isOwn(request, o, tenancy.publicUrl())).orElse(false);
        var bot = site.flatMap(origin -> own ? bots.find(publicKey).filter(WidgetBots.WidgetBot::enabled)
                : bots.findForOrigin(publicKey, origin));
        if (!own) site.ifPresent(origin -> bots.noteSighting(publicKey, origin, bot));
        Optional<dev.parley.tenancy.Bot> found = bot.flatMap(b -> TenantContext.callAs(b.tenant(), null, () -> botService.find(b.botId())))
                .filter(dev.parley.tenancy.Bot::enabled);
        if (found.isEmpty()) return notFound();
        BotSettings s = found.get().settings();
        var response = WidgetErrors.withLimitHeaders(ResponseEntity.ok(), decision).header(HttpHeaders.VARY, HttpHeaders.ORIGIN)
                .cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(1)));
        if (!fromFrame) response.header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, site.get());
        return response.body(new Config(bot.get().botId(), s.name(), s.color(), s.welcomeMessage(), s.starterQuestions(),
                s.language(), s.position().name().toLowerCase(java.util.Locale.ROOT), s.theme().name().toLowerCase(java.util.Locale.ROOT),
                WidgetAvatars.url(found.get().publicKey(), found.get().avatarVersion())));
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
        // a session for Parley's own pages (preview, test page) only when the call comes from Parley itself: DD-045
        boolean own = callerOk && Origins.isOwn(request, host.get(), tenancy.publicUrl())
                && Origins.isOwn(request, caller.get(), tenancy.publicUrl());
        var found = !callerOk ? Optional.<WidgetBots.WidgetBot>empty()
                : own ? bots.find(body.bot()).filter(WidgetBots.WidgetBot::enabled) : bots.findForOrigin(body.bot(), host.get());
        if (callerOk && !own) bots.noteSighting(body.bot(), host.get(), found);
        if (found.isEmpty()) return notFound();
        WidgetBots.WidgetBot bot = found.get();

        Optional<WidgetTokens.Session> previous = Optional.ofNullable(body.continued()).flatMap(tokens::verifyForRenewal)
                .filter(s -> s.botId().equals(bot.botId()) && s.tenant().equals(bot.tenant()));
        boolean identifying = body.identityToken() != null && !body.identityToken().isBlank();
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

        // Checked after the limits, so guessing at a site's signature costs as much as any other session.
        WidgetIdentities.Identity identity = null;
        if (identifying) {
            try {
                identity = identities.verify(bot, body.identityToken().strip());
            } catch (WidgetIdentities.Refused refused) {
                return WidgetErrors.withLimitHeaders(ResponseEntity.status(HttpStatus.UNAUTHORIZED), decision)
                        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"").cacheControl(CacheControl.noStore())
                        .contentType(MediaType.APPLICATION_JSON).body(Map.of("error", refused.getMessage()));
            }
        }
        WidgetIdentities.Identity identified = identity;
        String visitor = identity != null ? identity.visitorId() : visitorId;
        UUID conversationId = TenantContext.callAs(bot.tenant(), null,
                () -> conversationFor(bot, new ChatCaller(bot.tenant(), bot.botId(), visitor), previous,
                        Boolean.TRUE.equals(body.newConversation()), identified));
        WidgetTokens.Issued issued = tokens.issue(bot.tenant(), bot.botId(), visitor, conversationId);
        return WidgetErrors.withLimitHeaders(ResponseEntity.status(HttpStatus.CREATED), decision)
                .cacheControl(CacheControl.noStore())
                .body(new Session(issued.token(), issued.expiresAt(), conversationId, visitor));
    }

    /**
     * Which conversation the session is for: a new one when asked; else the previous session's when it is
     * this visitor's; for an identified visitor, the anonymous conversation they were just writing in (they
     * signed in mid-conversation), else their latest one (another device); else a new one.
     */
    private UUID conversationFor(WidgetBots.WidgetBot bot, ChatCaller caller, Optional<WidgetTokens.Session> previous, boolean fresh,
                                 WidgetIdentities.Identity identity) {
        UUID id = null;
        if (!fresh) {
            id = previous.filter(p -> p.visitorId().equals(caller.visitorId()))
                    .flatMap(p -> conversations.find(caller, p.conversationId())).map(c -> c.id())
                    .or(() -> identity == null ? Optional.empty() : previous
                            .filter(p -> !p.visitorId().equals(caller.visitorId()) && p.visitorId().startsWith("v_"))
                            .filter(p -> conversations.adopt(caller, p.conversationId(), p.visitorId())).map(WidgetTokens.Session::conversationId)
                            .or(() -> conversations.latestOpen(caller).map(c -> c.id())))
                    .orElse(null);
        }
        if (id == null) id = conversations.start(caller, bot.botId()).id();
        if (identity != null) conversations.describeVisitor(caller, id, identity.name(), identity.email());
        return id;
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
