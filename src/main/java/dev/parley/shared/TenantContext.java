package dev.parley.shared;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * An explicit tenant scope for work that has no logged-in principal (sign-up, background jobs,
 * the operator API). Scopes nest and always restore the outer one.
 */
public final class TenantContext {
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    public record Scope(TenantId tenantId, UserId userId) {}

    private TenantContext() {}

    public static <T> T callAs(TenantId tenant, UserId user, Supplier<T> work) {
        Scope outer = CURRENT.get();
        CURRENT.set(new Scope(tenant, user));
        try {
            return work.get();
        } finally {
            if (outer == null) CURRENT.remove();
            else CURRENT.set(outer);
        }
    }

    public static void runAs(TenantId tenant, UserId user, Runnable work) {
        callAs(tenant, user, () -> {
            work.run();
            return null;
        });
    }

    public static Optional<Scope> explicitScope() {
        return Optional.ofNullable(CURRENT.get());
    }
}
