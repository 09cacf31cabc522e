package dev.parley.tenancy;

import dev.parley.shared.TenantContext;
import dev.parley.shared.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * For hosting operators and automation: create a tenant (its first owner gets an invitation link),
 * set its plan limits, get a tenant API key. Answers 404 unless PARLEY_OPERATOR_TOKEN is set.
 */
@RestController
@RequestMapping("/api/operator/tenants")
class OperatorApi {

    record Limits(Integer messagesPerDay, Long llmTokensPerMonth, Integer documents, Long storageBytes) {}

    record CreateTenant(String name, String ownerEmail, Limits limits) {}

    record CreatedTenant(UUID tenantId, String ownerInvitationUrl, String apiKey) {}

    static final class NotEnabled extends RuntimeException {}

    static final class Unauthorized extends RuntimeException {}

    private final TenancyProperties properties;
    private final TenantRepository tenants;
    private final TeamService team;
    private final ApiKeyService apiKeys;
    private final AuditLog audit;
    private final TransactionTemplate tx;

    OperatorApi(TenancyProperties properties, TenantRepository tenants, TeamService team, ApiKeyService apiKeys,
                AuditLog audit, TransactionTemplate tx) {
        this.properties = properties;
        this.tenants = tenants;
        this.team = team;
        this.apiKeys = apiKeys;
        this.audit = audit;
        this.tx = tx;
    }

    @PostMapping
    ResponseEntity<CreatedTenant> create(@RequestHeader(value = "Authorization", required = false) String authorization,
                                         @RequestBody CreateTenant request) {
        authorize(authorization);
        String name = request.name() == null ? "" : request.name().strip();
        if (name.isEmpty() || name.length() > 120) throw InvalidInputException.of("name", "Name the tenant (up to 120 characters).");
        if (!Emails.isValid(Emails.normalise(request.ownerEmail()))) {
            throw InvalidInputException.of("ownerEmail", "Enter a valid e-mail address.");
        }
        TenantId tenant = TenantId.random();
        CreatedTenant created = TenantContext.callAs(tenant, null, () -> tx.execute(status -> {
            TenantEntity entity = new TenantEntity(tenant.value(), name);
            applyLimits(entity, request.limits());
            tenants.saveAndFlush(entity);
            audit.record(null, "operator", "tenant.created", name, "via operator API");
            var invitation = team.inviteFirstOwner(request.ownerEmail());
            var key = apiKeys.create("Operator-issued key", EnumSet.allOf(ApiScope.class));
            return new CreatedTenant(tenant.value(), properties.invitationUrl(invitation.token()), key.secretKey());
        }));
        return ResponseEntity.status(HttpStatus.CREATED).body(created);
    }

    @PutMapping("/{tenantId}/limits")
    ResponseEntity<Limits> setLimits(@RequestHeader(value = "Authorization", required = false) String authorization,
                                     @PathVariable UUID tenantId, @RequestBody Limits limits) {
        authorize(authorization);
        return TenantContext.callAs(new TenantId(tenantId), null, () -> tx.execute(status -> {
            var entity = tenants.findById(tenantId);
            if (entity.isEmpty()) return ResponseEntity.notFound().<Limits>build();
            applyLimits(entity.get(), limits);
            audit.record(null, "operator", "tenant.limits_changed", tenantId.toString(), String.valueOf(limits));
            return ResponseEntity.ok(limits);
        }));
    }

    private static void applyLimits(TenantEntity entity, Limits limits) {
        if (limits == null) return;
        if (negative(limits.messagesPerDay()) || negative(limits.llmTokensPerMonth()) || negative(limits.documents())
                || negative(limits.storageBytes())) {
            throw InvalidInputException.of("limits", "Limits are zero or more; leave one out for no limit.");
        }
        entity.maxMessagesPerDay = limits.messagesPerDay();
        entity.maxLlmTokensPerMonth = limits.llmTokensPerMonth();
        entity.maxDocuments = limits.documents();
        entity.maxStorageBytes = limits.storageBytes();
    }

    private static boolean negative(Number n) {
        return n != null && n.longValue() < 0;
    }

    private void authorize(String authorization) {
        String expected = properties.operatorToken();
        if (expected == null || expected.isBlank()) throw new NotEnabled();
        String presented = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : "";
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8))) {
            throw new Unauthorized();
        }
    }

    @ExceptionHandler(NotEnabled.class)
    ResponseEntity<Void> notEnabled() {
        return ResponseEntity.notFound().build();
    }

    @ExceptionHandler(Unauthorized.class)
    ResponseEntity<Map<String, String>> unauthorized() {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header("WWW-Authenticate", "Bearer")
                .body(Map.of("error", "A valid operator token is required."));
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<Map<String, Object>> invalid(InvalidInputException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage(), "fields", e.fieldErrors()));
    }
}
