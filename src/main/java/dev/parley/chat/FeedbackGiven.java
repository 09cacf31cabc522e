package dev.parley.chat;

import java.util.UUID;

/** A visitor rated an answer: 1 thumbs up, -1 thumbs down, with an optional comment. */
public record FeedbackGiven(UUID tenantId, UUID botId, UUID conversationId, UUID messageId, int rating, String comment) {}
