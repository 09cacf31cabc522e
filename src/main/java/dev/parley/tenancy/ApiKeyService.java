package dev.parley.tenancy;

import dev.parley.shared.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tenant API keys: {@code prly_<prefix>_<secret>}. The prefix finds the key, only a SHA-256 of
 * the secret is stored, the full key is shown once, and revocation takes effect at once.
 */
@Service
public class ApiKeyService {

    public record ApiKey(UUID id, String name, String prefix, Set<ApiScope> scopes, Instant createdAt,
                         Instant lastUsedAt, Instant revokedAt) {}

    public record CreatedKey(ApiKey key, String secretKey) {}

    /** A verified key: the tenant it acts for and what it may do. */
    public record KeyGrant(TenantId tenant, UUID keyId, Set<ApiScope> scopes) {}

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final java.time.Duration TOUCH_INTERVAL = java.time.Duration.ofMinutes(1);

    private final java.util.Map<UUID, Instant> lastTouched = new java.util.concurrent.ConcurrentHashMap<>();

    private final ApiKeyRepository keys;
    private final CurrentMember currentMember;
    private final AuditLog audit;
    private final JdbcClient jdbc;

    ApiKeyService(ApiKeyRepository keys, CurrentMember currentMember, AuditLog audit, JdbcClient jdbc) {
        this.keys = keys;
        this.currentMember = currentMember;
        this.audit = audit;
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public List<ApiKey> list() {
        return keys.findAllByOrderByCreatedAtDesc().stream().map(ApiKeyService::toApiKey).toList();
    }

    @Transactional
    public CreatedKey create(String name, Set<ApiScope> scopes) {
        if (!currentMember.role().managesTeam()) {
            throw new AccessDeniedException("Only admins and owners manage API keys.");
        }
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > 80) throw InvalidInputException.of("name", "Name the key (up to 80 characters).");
        if (scopes == null || scopes.isEmpty()) throw InvalidInputException.of("scopes", "Choose at least one scope.");
        String prefix = random(6);
        String secret = random(24);
        ApiKeyEntity entity = new ApiKeyEntity(currentMember.tenantId().value(), clean, prefix, sha256(secret),
                scopes.stream().map(Enum::name).sorted().toList(), currentMember.userId().map(u -> u.value()).orElse(null));
        keys.saveAndFlush(entity);
        audit.record("api_key.created", prefix, clean);
        return new CreatedKey(toApiKey(entity), "prly_" + prefix + "_" + secret);
    }

    @Transactional
    public void revoke(UUID id) {
        if (!currentMember.role().managesTeam()) throw new AccessDeniedException("Only admins and owners manage API keys.");
        keys.findById(id).filter(k -> k.revokedAt == null).ifPresent(k -> {
            k.revokedAt = Instant.now();
            audit.record("api_key.revoked", k.prefix, k.name);
        });
    }

    /** The grant of a presented key, or empty for a malformed, unknown or revoked one. */
    public Optional<KeyGrant> verify(String presented) {
        if (presented == null || !presented.matches("prly_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{32}")) return Optional.empty();
        String prefix = presented.substring(5, 13);
        String secret = presented.substring(14);
        return jdbc.sql("SELECT tenant_id, key_id, secret_hash, scopes, revoked FROM parley_find_api_key(?)")
                .param(prefix)
                .query((rs, n) -> {
                    boolean valid = !rs.getBoolean(5) && MessageDigest.isEqual(
                            rs.getString(3).getBytes(StandardCharsets.US_ASCII), sha256(secret).getBytes(StandardCharsets.US_ASCII));
                    if (!valid) return null;
                    Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
                    for (String s : (String[]) rs.getArray(4).getArray()) scopes.add(ApiScope.valueOf(s));
                    return new KeyGrant(new TenantId(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class), scopes);
                })
                .optional();
    }

    /**
     * Records that a key was used, at most once a minute per key: this node skips the write while
     * its last one is recent, and the condition keeps nodes from writing the same minute twice.
     * Call in the key's tenant scope.
     */
    @Transactional
    public void touch(UUID keyId) {
        Instant now = Instant.now();
        Instant last = lastTouched.get(keyId);
        if (last != null && last.isAfter(now.minus(TOUCH_INTERVAL))) return;
        if (lastTouched.size() > 10_000) lastTouched.clear(); // bounded; the SQL condition still throttles
        lastTouched.put(keyId, now);
        jdbc.sql("UPDATE api_keys SET last_used_at = now() WHERE id = ?"
                        + " AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')")
                .param(keyId).update();
    }

    private static ApiKey toApiKey(ApiKeyEntity e) {
        return new ApiKey(e.id, e.name, e.prefix, e.scopes.stream().map(ApiScope::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ApiScope.class))), e.createdAt, e.lastUsedAt, e.revokedAt);
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
