package dev.parley.tenancy;

import dev.parley.shared.TenantContext;
import dev.parley.shared.TenantId;
import dev.parley.shared.UserId;
import java.util.Optional;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** Who is acting: the signed-in member, or trusted server code in an explicit tenant scope. */
@Component
class CurrentMember {

    Optional<ParleyPrincipal> principal() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof ParleyPrincipal p ? Optional.of(p) : Optional.empty();
    }

    ParleyPrincipal require() {
        return principal().orElseThrow(() -> new AccessDeniedException("Sign in first."));
    }

    TenantId tenantId() {
        return principal().map(ParleyPrincipal::tenant)
                .or(() -> TenantContext.explicitScope().map(TenantContext.Scope::tenantId))
                .orElseThrow(() -> new AccessDeniedException("No workspace selected."));
    }

    Optional<UserId> userId() {
        return principal().map(ParleyPrincipal::user)
                .or(() -> TenantContext.explicitScope().map(TenantContext.Scope::userId));
    }

    /** The member's role; trusted server code running in an explicit tenant scope acts as owner. */
    Role role() {
        return principal().map(ParleyPrincipal::role)
                .or(() -> TenantContext.explicitScope().map(scope -> Role.OWNER))
                .orElseThrow(() -> new AccessDeniedException("Sign in first."));
    }

    String label() {
        return principal().map(ParleyPrincipal::email).orElse("system");
    }
}
