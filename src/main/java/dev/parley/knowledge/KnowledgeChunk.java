package dev.parley.knowledge;

import java.util.UUID;

/** One stored chunk with what a citation needs. */
public record KnowledgeChunk(UUID id, UUID documentId, int ordinal, String content, String headingPath,
                             Integer page, String anchor, boolean qa) {}
