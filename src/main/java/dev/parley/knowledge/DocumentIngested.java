package dev.parley.knowledge;

import java.util.UUID;

/** A document's new chunks are searchable. Caches of answers for the bot are stale from now. */
public record DocumentIngested(UUID tenantId, UUID botId, UUID documentId, int chunkCount) {}
