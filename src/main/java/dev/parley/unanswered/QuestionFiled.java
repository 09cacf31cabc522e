package dev.parley.unanswered;

import java.util.UUID;

/** An unanswered question was filed into a group (for live console views). */
public record QuestionFiled(UUID tenantId, UUID botId, UUID groupId) {}
