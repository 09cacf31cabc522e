package dev.parley.chat;

import java.time.Instant;
import java.util.UUID;

/** A conversation of one visitor with one bot. */
public record Conversation(UUID id, UUID botId, String visitorId, String status, Instant startedAt, Instant lastMessageAt) {}
