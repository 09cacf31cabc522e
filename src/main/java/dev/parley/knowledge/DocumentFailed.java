package dev.parley.knowledge;

import java.util.UUID;

/** A document ended FAILED after its last attempt. */
public record DocumentFailed(UUID tenantId, UUID documentId, String reason) {}
