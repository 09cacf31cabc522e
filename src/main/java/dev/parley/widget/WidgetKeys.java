package dev.parley.widget;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.parley.platform.SecretBox;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ES256 keys that sign visitor session tokens, kept in the database so every node shares them
 * (the private half sealed with {@link SecretBox}, whose key never enters the database).
 *
 * <p>The newest key without a retire time signs. {@link #rotate()} makes a new key and gives the
 * older ones a retire time of token lifetime + renewal window + a margin, so every token they signed
 * keeps verifying until it can no longer be used; after that they are deleted. Each node re-reads
 * the table every {@link #REFRESH} and at once (at most every {@link #MISS_RELOAD}) when a token
 * names a key it does not know, so a rotation on one node reaches all without a restart.
 */
@Service
class WidgetKeys {

    static final Duration REFRESH = Duration.ofSeconds(30);
    static final Duration MISS_RELOAD = Duration.ofSeconds(2);
    private static final Duration MARGIN = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(WidgetKeys.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key as stored: the public half parsed, the private half still sealed until it signs. */
    record StoredKey(ECKey publicKey, String sealedPrivate, Instant createdAt, Instant retireAt) {
        boolean signs() {
            return retireAt == null;
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final SecretBox secrets;
    private final WidgetProperties properties;
    private final Clock clock;
    private volatile List<StoredKey> cache;
    private volatile Instant loadedAt = Instant.EPOCH;
    private volatile Instant missReloadedAt = Instant.EPOCH;

    WidgetKeys(JdbcClient jdbc, TransactionTemplate transactions, SecretBox secrets, WidgetProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.secrets = secrets;
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    /** The key new tokens are signed with (made on first use). */
    ECKey signingKey() {
        StoredKey newest = keys().stream().filter(StoredKey::signs).max(Comparator.comparing(StoredKey::createdAt))
                .orElseGet(() -> {
                    ensureOne();
                    return reload().stream().filter(StoredKey::signs).max(Comparator.comparing(StoredKey::createdAt)).orElseThrow();
                });
        try {
            return ECKey.parse(secrets.open(newest.sealedPrivate()));
        } catch (ParseException | RuntimeException e) {
            throw new IllegalStateException("Cannot open widget signing key " + newest.publicKey().getKeyID()
                    + ": does every node have the same PARLEY_SECRET_KEY?", e);
        }
    }

    /** Public halves of every key that may still verify a token: what /.well-known/jwks.json shows. */
    JWKSet publicKeys() {
        if (keys().isEmpty()) signingKey();
        return new JWKSet(keys().stream().<JWK>map(StoredKey::publicKey).toList());
    }

    /** Verification keys for the token decoder: the local store, never fetched over HTTP. */
    JWKSource<SecurityContext> jwkSource() {
        return (selector, context) -> {
            List<JWK> found = selector.select(publicKeys());
            if (found.isEmpty() && missReloadedAt.plus(MISS_RELOAD).isBefore(clock.instant())) {
                missReloadedAt = clock.instant();
                reload();
                found = selector.select(publicKeys());
            }
            return found;
        };
    }

    /** Adds a new signing key; older ones keep verifying until their tokens are unusable, then go. */
    void rotate() {
        Duration keep = properties.tokenLifetime().plus(properties.renewWindow()).plus(MARGIN);
        transactions.executeWithoutResult(status -> {
            lock();
            jdbc.sql("UPDATE widget_signing_keys SET retire_at = now() + make_interval(secs => ?) WHERE retire_at IS NULL")
                    .param(keep.toSeconds()).update();
            insertNewKey();
            jdbc.sql("DELETE FROM widget_signing_keys WHERE retire_at < now()").update();
        });
        reload();
        log.info("Widget signing key rotated; previous keys verify for another {}", keep);
    }

    /** The rotation job: a new key once the newest is older than parley.widget.key-rotation. */
    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1H")
    void rotateWhenDue() {
        Instant newest = reload().stream().filter(StoredKey::signs).map(StoredKey::createdAt).max(Comparator.naturalOrder())
                .orElse(null);
        if (newest != null && newest.plus(properties.keyRotation()).isBefore(clock.instant())) rotate();
        else jdbc.sql("DELETE FROM widget_signing_keys WHERE retire_at < now()").update();
    }

    private List<StoredKey> keys() {
        List<StoredKey> keys = cache;
        if (keys == null || loadedAt.plus(REFRESH).isBefore(clock.instant())) keys = reload();
        Instant now = clock.instant();
        return keys.stream().filter(k -> k.retireAt() == null || k.retireAt().isAfter(now)).toList();
    }

    private synchronized List<StoredKey> reload() {
        List<StoredKey> keys = jdbc.sql("SELECT public_jwk, private_jwk_sealed, created_at, retire_at FROM widget_signing_keys ORDER BY created_at")
                .query((rs, n) -> {
                    try {
                        var retire = rs.getTimestamp(4);
                        ECKey publicKey = ECKey.parse(rs.getString(1));
                        if (publicKey.isPrivate()) throw new IllegalStateException("A private key in public_jwk");
                        return new StoredKey(publicKey, rs.getString(2), rs.getTimestamp(3).toInstant(),
                                retire == null ? null : retire.toInstant());
                    } catch (ParseException e) {
                        throw new IllegalStateException("Unreadable widget signing key", e);
                    }
                }).list();
        cache = keys;
        loadedAt = clock.instant();
        return keys;
    }

    private void ensureOne() {
        transactions.executeWithoutResult(status -> {
            lock();
            Integer signing = jdbc.sql("SELECT count(*) FROM widget_signing_keys WHERE retire_at IS NULL").query(Integer.class).single();
            if (signing == 0) insertNewKey();
        });
    }

    /** Nodes that start or rotate at the same moment make one key, not several. */
    private void lock() {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('parley.widget_signing_keys'))").query().singleRow();
    }

    private void insertNewKey() {
        byte[] id = new byte[12];
        RANDOM.nextBytes(id);
        ECKey key;
        try {
            key = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .keyID(Base64.getUrlEncoder().withoutPadding().encodeToString(id)).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not make a widget signing key", e);
        }
        jdbc.sql("INSERT INTO widget_signing_keys (kid, algorithm, public_jwk, private_jwk_sealed) VALUES (?, 'ES256', ?, ?)")
                .params(key.getKeyID(), key.toPublicJWK().toJSONString(), secrets.seal(key.toJSONString()))
                .update();
    }
}
