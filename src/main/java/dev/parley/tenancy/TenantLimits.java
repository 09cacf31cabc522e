package dev.parley.tenancy;

import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The quotas the hosting operator set for the current tenant (OperatorApi); null = unlimited. */
@Service
public class TenantLimits {

    public record Limits(Integer messagesPerDay, Long llmTokensPerMonth) {}

    private final TenantRepository tenants;

    TenantLimits(TenantRepository tenants) {
        this.tenants = tenants;
    }

    @Transactional(readOnly = true)
    public Limits of(UUID tenantId) {
        Optional<TenantEntity> tenant = tenants.findById(tenantId);
        return tenant.map(t -> new Limits(t.maxMessagesPerDay, t.maxLlmTokensPerMonth)).orElse(new Limits(null, null));
    }
}
