package dev.parley.knowledge;

import java.time.Instant;
import java.util.UUID;

/**
 * A web source as the console and the API show it. {@code note} tells what the last sync noticed
 * (a limit reached, pages that could not be fetched); {@code lastError} why it failed as a whole.
 */
public record KnowledgeSource(UUID id, UUID botId, SourceKind kind, String url, int maxPages, int maxDepth,
                              Integer resyncHours, SourceStatus status, String lastError, String note, int pagesFound,
                              int pagesFailed, Instant lastSyncedAt, Instant createdAt) {}
