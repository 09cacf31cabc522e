package dev.parley.chat;

import java.util.UUID;

/** An assistant message was stored (for analytics, the unanswered queue and webhooks). */
public record MessageAnswered(UUID tenantId, UUID botId, UUID conversationId, UUID questionId, UUID answerId,
                              AnswerMode mode, boolean complete) {}
