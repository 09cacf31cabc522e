package dev.parley.chat;

import java.util.List;

/** A whole conversation as support staff read it: every message with its sources, mode, timings and tokens. */
public record Transcript(ConversationSummary conversation, List<ChatMessage> messages) {}
