package dev.parley.chat;

import java.util.UUID;

/** A numbered source of an answer, as stored with it and as the visitor's citation chip shows it. */
public record SourceRef(int n, UUID chunkId, UUID documentId, String title, String section, Integer page, String url,
                        double score) {}
