package dev.parley.tenancy;

import dev.parley.shared.TenantId;
import java.util.UUID;

/** The demo workspace was just created (first start only); other modules may add demo content to its bot. */
public record DemoWorkspaceSeeded(TenantId tenant, UUID botId) {}
