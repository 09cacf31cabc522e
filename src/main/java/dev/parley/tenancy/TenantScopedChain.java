package dev.parley.tenancy;

import dev.parley.shared.TenantContext;
import dev.parley.shared.TenantId;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/**
 * Continues a servlet filter chain in one tenant's scope, for the filters that authenticate a
 * request (API keys, visitor session tokens): row-level security then shows only that tenant's rows.
 */
public final class TenantScopedChain {

    private TenantScopedChain() {}

    public static void proceedAs(TenantId tenant, FilterChain chain, ServletRequest request, ServletResponse response)
            throws IOException, ServletException {
        try {
            TenantContext.callAs(tenant, null, () -> {
                try {
                    chain.doFilter(request, response);
                } catch (IOException | ServletException e) {
                    throw new Checked(e);
                }
                return null;
            });
        } catch (Checked e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw (ServletException) e.getCause();
        }
    }

    /** Carries a checked exception out of the tenant scope's Supplier. */
    private static final class Checked extends RuntimeException {
        Checked(Exception cause) {
            super(cause);
        }
    }
}
