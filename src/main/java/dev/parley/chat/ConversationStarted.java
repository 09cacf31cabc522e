package dev.parley.chat;

import java.util.UUID;

/** A visitor began a conversation (for webhooks and live console views). */
public record ConversationStarted(UUID tenantId, UUID botId, UUID conversationId, String visitorId) {}
