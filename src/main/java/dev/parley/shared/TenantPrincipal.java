package dev.parley.shared;

import java.util.Optional;

/**
 * What an authenticated caller tells the database layer: the tenant it acts for and, when a person
 * is behind it, who. The platform binds both per transaction.
 */
public interface TenantPrincipal {
    Optional<TenantId> tenantId();

    Optional<UserId> userId();
}
