package dev.parley.tenancy;

import dev.parley.shared.TenantId;
import dev.parley.shared.TenantPrincipal;
import dev.parley.shared.UserId;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/** A signed-in person acting in one of their tenants. Kept in the HTTP session. */
public record ParleyPrincipal(UserId user, String email, String displayName, TenantId tenant, String tenantName,
                              Role role, List<Workspace> workspaces) implements TenantPrincipal, Serializable {

    /** A tenant this person belongs to, for the switcher. */
    public record Workspace(TenantId id, String name, Role role) implements Serializable {}

    @Override
    public Optional<TenantId> tenantId() {
        return Optional.of(tenant);
    }

    @Override
    public Optional<UserId> userId() {
        return Optional.of(user);
    }

    @Override
    public String toString() {
        return email;
    }
}
