package dev.parley.platform;

import dev.parley.shared.TenantContext;
import dev.parley.shared.TenantId;
import dev.parley.shared.TenantPrincipal;
import dev.parley.shared.UserId;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Decides which tenant a transaction works for: an explicit {@link TenantContext} scope wins,
 * else the authenticated principal. Nothing found means nothing bound, and tenant tables then
 * show no rows and accept no writes.
 */
class TenantResolver {

    record Binding(Optional<TenantId> tenant, Optional<UserId> user) {
        static final Binding NONE = new Binding(Optional.empty(), Optional.empty());
    }

    Binding current() {
        Optional<TenantContext.Scope> scope = TenantContext.explicitScope();
        if (scope.isPresent()) {
            return new Binding(Optional.ofNullable(scope.get().tenantId()), Optional.ofNullable(scope.get().userId()));
        }
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof TenantPrincipal principal) {
            return new Binding(principal.tenantId(), principal.userId());
        }
        return Binding.NONE;
    }
}
