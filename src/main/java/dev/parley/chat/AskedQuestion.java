package dev.parley.chat;

import java.time.Instant;
import java.util.UUID;

/** A visitor's question as stored. */
public record AskedQuestion(UUID id, UUID conversationId, UUID botId, String content, Instant askedAt) {}
