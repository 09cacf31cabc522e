package dev.parley.widget;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.shared.TenantContext;
import dev.parley.tenancy.BotService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * Verifies the JWT a site's server signs for a logged-in visitor (Parley.identify): HS256 only, with the
 * bot's identity verification secret; exp required and at most {@link #MAX_LIFETIME} ahead; {@code sub}
 * is the visitor's id on the site, {@code name} and {@code email} are optional. The visitor id Parley
 * uses is derived from bot and sub, so the same person continues their conversation on any device.
 * See docs/decisions/DD-032-widget-identity.md.
 */
@Service
class WidgetIdentities {

    static final Duration MAX_LIFETIME = Duration.ofHours(24);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    /** A verified visitor: Parley's visitor id for them and what the site said about them. */
    record Identity(String visitorId, String name, String email) {}

    /** A token that does not verify; the message says why, for the site's developer. */
    static final class Refused extends Exception {
        Refused(String reason) {
            super("The identity token is not valid: " + reason);
        }
    }

    private final BotService bots;
    private final Clock clock = Clock.systemUTC();

    WidgetIdentities(BotService bots) {
        this.bots = bots;
    }

    Identity verify(WidgetBots.WidgetBot bot, String token) throws Refused {
        Optional<String> secret = TenantContext.callAs(bot.tenant(), null, () -> bots.identitySecret(bot.botId()));
        if (secret.isEmpty()) throw new Refused("this assistant takes no identified visitors (it has no identity secret yet).");
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new Refused("it is not a signed JWT (unsigned tokens, alg \"none\", are refused).");
        }
        // the algorithm is pinned: never what the token's header asks for
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new Refused("it must be signed with HS256, not " + jwt.getHeader().getAlgorithm() + ".");
        }
        try {
            if (!jwt.verify(new MACVerifier(secret.get().getBytes(StandardCharsets.UTF_8)))) {
                throw new Refused("its signature does not match this assistant's identity secret.");
            }
        } catch (JOSEException e) {
            throw new Refused("its signature cannot be checked (" + e.getMessage() + ").");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new Refused("its claims are not JSON.");
        }
        Instant now = clock.instant();
        Instant exp = instant(claims.getExpirationTime());
        if (exp == null) throw new Refused("exp (expiry) is required.");
        if (exp.plus(WidgetTokens.CLOCK_SKEW).isBefore(now)) throw new Refused("it has expired.");
        Instant iat = instant(claims.getIssueTime());
        Instant start = iat == null ? now : iat;
        if (iat != null && iat.isAfter(now.plus(WidgetTokens.CLOCK_SKEW))) throw new Refused("iat (issued at) is in the future.");
        if (exp.isAfter(start.plus(MAX_LIFETIME).plus(WidgetTokens.CLOCK_SKEW))) {
            throw new Refused("it is valid for more than 24 hours; sign a fresh one for each page instead.");
        }
        Instant nbf = instant(claims.getNotBeforeTime());
        if (nbf != null && nbf.isAfter(now.plus(WidgetTokens.CLOCK_SKEW))) throw new Refused("it is not valid yet (nbf).");
        String sub = claims.getSubject();
        if (sub == null || sub.isBlank() || sub.length() > 200) throw new Refused("sub (the visitor's id on your site, 1 to 200 characters) is required.");
        String name = text(claims, "name", 200);
        String email = text(claims, "email", 320);
        if (email != null && !EMAIL.matcher(email).matches()) throw new Refused("email is not an e-mail address.");
        return new Identity(visitorId(bot, sub), name, email);
    }

    /** u_ + SHA-256 of bot and sub: the same person on the same bot is the same visitor on every device. */
    static String visitorId(WidgetBots.WidgetBot bot, String sub) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((bot.botId() + "\n" + sub).getBytes(StandardCharsets.UTF_8));
            return "u_" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(JWTClaimsSet claims, String claim, int max) throws Refused {
        Object value = claims.getClaim(claim);
        if (value == null) return null;
        if (!(value instanceof String s) || s.strip().length() > max) throw new Refused(claim + " must be text of at most " + max + " characters.");
        return s.isBlank() ? null : s.strip();
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
