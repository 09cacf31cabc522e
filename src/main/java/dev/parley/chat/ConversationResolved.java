package dev.parley.chat;

import java.util.UUID;

/** Support staff marked a conversation resolved ({@code resolved} true) or reopened it (false). */
public record ConversationResolved(UUID tenantId, UUID botId, UUID conversationId, boolean resolved, UUID byUser) {}
