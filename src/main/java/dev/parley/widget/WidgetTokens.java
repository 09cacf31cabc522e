package dev.parley.widget;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.shared.TenantId;
import dev.parley.tenancy.TenancyProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Service;

/**
 * Visitor session tokens: ES256 JWTs with iss (parley.public-url), aud "parley-widget", sub (the
 * visitor), bot, tenant, cid (the conversation), iat, nbf, exp and a kid header. Verified with
 * Spring Security's NimbusJwtDecoder against the local key store, with the algorithm pinned.
 */
@Service
class WidgetTokens {

    /** A verified token's contents. */
    record Session(TenantId tenant, UUID botId, String visitorId, UUID conversationId, Instant expiresAt) {}

    record Issued(String token, Instant expiresAt) {}

    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private final WidgetKeys keys;
    private final WidgetProperties properties;
    private final String issuer;
    private final JwtDecoder decoder;
    private final JwtDecoder renewalDecoder;
    private final Clock clock = Clock.systemUTC();

    WidgetTokens(WidgetKeys keys, WidgetProperties properties, TenancyProperties tenancy) {
        this.keys = keys;
        this.properties = properties;
        this.issuer = tenancy.publicUrl().replaceAll("/+$", "");
        this.decoder = decoder(new JwtTimestampValidator(CLOCK_SKEW));
        // For trading an expired token for a new one: everything checked but how long ago it expired.
        this.renewalDecoder = decoder(jwt -> jwt.getNotBefore().isAfter(clock.instant().plus(CLOCK_SKEW))
                || jwt.getExpiresAt().plus(properties.renewWindow()).isBefore(clock.instant())
                ? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "Token too old to renew", null))
                : OAuth2TokenValidatorResult.success());
    }

    String issuer() {
        return issuer;
    }

    Issued issue(TenantId tenant, UUID botId, String visitorId, UUID conversationId) {
        ECKey key = keys.signingKey();
        Instant now = clock.instant();
        Instant expires = now.plus(properties.tokenLifetime());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer).audience(WidgetProperties.AUDIENCE).subject(visitorId)
                .claim("bot", botId.toString()).claim("tenant", tenant.value().toString()).claim("cid", conversationId.toString())
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign a widget session token", e);
        }
        return new Issued(jwt.serialize(), expires);
    }

    /** The session of a valid token; throws {@link JwtException} for anything else. */
    Session verify(String token) {
        return session(decoder.decode(token));
    }

    /** A token that is genuine and expired at most parley.widget.renew-window ago, for continuing a session. */
    Optional<Session> verifyForRenewal(String token) {
        try {
            return Optional.of(session(renewalDecoder.decode(token)));
        } catch (JwtException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Session session(Jwt jwt) {
        try {
            return new Session(new TenantId(UUID.fromString(jwt.getClaimAsString("tenant"))), UUID.fromString(jwt.getClaimAsString("bot")),
                    jwt.getSubject(), UUID.fromString(jwt.getClaimAsString("cid")), jwt.getExpiresAt());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new org.springframework.security.oauth2.jwt.BadJwtException("Malformed session claims");
        }
    }

    private JwtDecoder decoder(OAuth2TokenValidator<Jwt> time) {
        NimbusJwtDecoder nimbus = NimbusJwtDecoder.withJwkSource(keys.jwkSource()).jwsAlgorithm(SignatureAlgorithm.ES256).build();
        List<OAuth2TokenValidator<Jwt>> validators = List.of(
                required("exp"), required("nbf"), required("iat"), required("sub"), required("bot"), required("tenant"), required("cid"),
                time, new JwtIssuerValidator(issuer), new JwtAudienceValidator(WidgetProperties.AUDIENCE));
        nimbus.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return nimbus;
    }

    private static OAuth2TokenValidator<Jwt> required(String claim) {
        return new JwtClaimValidator<Object>(claim, Objects::nonNull);
    }
}
