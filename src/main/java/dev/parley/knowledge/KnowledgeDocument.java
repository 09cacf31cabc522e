package dev.parley.knowledge;

import java.time.Instant;
import java.util.UUID;

/** A document as the console and the API show it. */
public record KnowledgeDocument(UUID id, UUID botId, String title, SourceType sourceType, String sourceUrl,
                                String mimeType, long sizeBytes, DocumentStatus status, String failureReason,
                                int chunkCount, Instant createdAt, Instant updatedAt) {}
