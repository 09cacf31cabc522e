package dev.parley.unanswered;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Similar questions the bot could not answer. {@code question} is the first one asked; {@code
 * examples} the latest few; {@code answer} the curated answer once resolved.
 */
public record QuestionGroup(UUID id, UUID botId, String botName, String question, int count, Instant firstAskedAt,
                            Instant lastAskedAt, boolean resolved, String answer, Instant resolvedAt, List<String> examples) {}
