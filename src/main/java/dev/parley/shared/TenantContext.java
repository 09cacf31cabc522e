package dev.parley.shared;

import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * An explicit tenant scope for work that has no logged-in principal (sign-up, background jobs,
 * the operator API). Scopes nest and always restore the outer one.
 */
public final class TenantContext {
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    public record Scope(TenantId tenantId, UserId userId) {}

    private TenantContext() {}

    /**
     * Runs {@code work} for the given tenant. Must be called outside a transaction: the binding is
     * made when a transaction begins, so inside an open one the work would silently keep the
     * outer transaction's tenant.
     */
    public static <T> T callAs(TenantId tenant, UserId user, Supplier<T> work) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("TenantContext.callAs inside an open transaction would keep its tenant; "
                    + "start the transaction inside the scope");
        }
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
