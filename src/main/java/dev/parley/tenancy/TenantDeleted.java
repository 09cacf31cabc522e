package dev.parley.tenancy;

import java.util.UUID;

/** A workspace and all its rows are gone (published after commit): modules drop what lives outside the database. */
public record TenantDeleted(UUID tenantId) {}
