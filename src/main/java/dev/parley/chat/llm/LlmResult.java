package dev.parley.chat.llm;

/**
 * A completed answer.
 *
 * @param promptTokens     as the server counted them, or about chars/4 when it sent no usage
 * @param completionTokens likewise
 * @param finishReason     as the server sent it: {@code stop}, {@code length}, ...
 * @param firstTokenMs     from the call to the first text piece, retries included
 * @param totalMs          from the call to the end of the stream
 */
public record LlmResult(String text, int promptTokens, int completionTokens, String finishReason, long firstTokenMs,
                        long totalMs) {
}
