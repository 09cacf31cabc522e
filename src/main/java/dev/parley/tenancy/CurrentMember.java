package dev.parley.tenancy;

import dev.parley.shared.TenantContext;
import dev.parley.shared.TenantId;
import dev.parley.shared.UserId;
import java.util.Optional;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** Who is acting, from the security context; services check roles through it. */
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

    Role role() {
        return require().role();
    }

    String label() {
        return principal().map(ParleyPrincipal::email).orElse("system");
    }
}
