package dev.parley.chat;

/** How an answer was made; stored with every assistant message. */
public enum AnswerMode {
    /** Written by the configured LLM from the sources. */
    LLM,
    /** Picked sentences from the sources, no LLM configured. */
    EXTRACTIVE,
    /** The LLM was unavailable: extractive, and the answer says so. */
    FALLBACK,
    /** Nothing relevant was found: the bot said it does not know. */
    UNANSWERED
}
