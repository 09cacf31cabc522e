package dev.parley.widget;

import dev.parley.tenancy.TenancyProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * The widget's files. {@code /embed.js} (the snippet's loader) is cached briefly with an ETag, so
 * a release reaches every site without editing the snippet; the app's files have content-hashed
 * names and are cached for a year (WidgetConfiguration). {@code /widget/frame} is the iframe page:
 * its {@code frame-ancestors} are the bot's allowed origins and Parley's own pages (DD-045), and an unknown or switched-off bot
 * gets exactly the same page with {@code 'none'}, so the page tells nothing about which keys exist.
 */
@RestController
class WidgetAssets {

    static final String BUILD = "static/widget/";
    private static final String FRAME_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors %s";

    private final WidgetBots bots;
    private final byte[] loader;
    private final String loaderTag;
    private final String appScript;
    private final String publicUrl;

    WidgetAssets(WidgetBots bots, JsonMapper json, TenancyProperties tenancy) {
        this.bots = bots;
        this.publicUrl = tenancy.publicUrl();
        this.loader = read(BUILD + "embed.js");
        // Weak: Tomcat does not compress a response with a strong ETag (the bytes would differ).
        this.loaderTag = "W/\"" + HexFormat.of().formatHex(sha256(loader), 0, 16) + "\"";
        Map<?, ?> manifest = json.readValue(read(BUILD + "manifest.json"), Map.class);
        this.appScript = (String) manifest.get("app");
    }

    @GetMapping(path = {"/embed.js", "/widget/embed.js"})
    ResponseEntity<byte[]> loader(@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        var cache = CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic();
        if (loaderTag.equals(ifNoneMatch)) return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(loaderTag).cacheControl(cache).build();
        return ResponseEntity.ok().contentType(new MediaType("text", "javascript", StandardCharsets.UTF_8))
                .eTag(loaderTag).cacheControl(cache).body(loader);
    }

    /**
     * The chat frame. A known, switched-on bot may be framed by its allowed origins and by Parley's
     * own pages ('self': the console's live preview and test page, DD-045); anything else by nobody.
     * The page that asked (its Referer, which browsers set) is noted for the install check, so the
     * embed page can list sites that tried to load the bot without being allowed.
     */
    @GetMapping(path = "/widget/frame", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> frame(@RequestParam(name = "bot", required = false) String publicKey, HttpServletRequest request) {
        Optional<WidgetBots.WidgetBot> bot = bots.find(publicKey).filter(WidgetBots.WidgetBot::enabled);
        List<String> ancestors = bot.map(b -> Stream.concat(b.allowedOrigins().stream(), Stream.of("'self'")).toList())
                .orElse(List.of("'none'"));
        Optional.ofNullable(request.getHeader(HttpHeaders.REFERER)).flatMap(Origins::of)
                .filter(origin -> !Origins.isOwn(request, origin, publicUrl))
                .ifPresent(origin -> bots.noteSighting(publicKey, origin,
                        bot.filter(b -> dev.parley.tenancy.AllowedOrigins.matches(b.allowedOrigins(), origin))));
        String page = """
                <!doctype html>
                <html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="referrer" content="same-origin"><title>Chat</title>
                <script src="/widget/%s" defer></script></head>
                <body><parley-chat></parley-chat></body></html>
                """.formatted(HtmlUtils.htmlEscape(appScript));
        return ResponseEntity.ok()
                .header("Content-Security-Policy", FRAME_CSP.formatted(String.join(" ", ancestors)))
                // same-origin: the app's own GET /api/v1/widget/config carries a Referer (a same-origin GET has
                // no Origin), which tells the API the call comes from the frame; no other site ever gets one
                .header("Referrer-Policy", "same-origin")
                .cacheControl(CacheControl.noStore())
                .body(page);
    }

    private static byte[] read(String path) {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("The widget build is missing " + path + ": run the Maven build (it builds widget-embed/)", e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
