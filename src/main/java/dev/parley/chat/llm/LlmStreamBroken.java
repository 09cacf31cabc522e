package dev.parley.chat.llm;

/**
 * The answer broke off after some text was already streamed (and probably shown): the caller keeps
 * or discards {@link #partialText()}, but cannot fall back silently.
 */
public class LlmStreamBroken extends RuntimeException {

    private final String reason;
    private final String partialText;
    private final int promptTokens;
    private final int completionTokens;

    LlmStreamBroken(String reason, String detail, String partialText, int promptTokens, int completionTokens,
                    Throwable cause) {
        super(Failures.message(reason, detail, cause), cause);
        this.reason = reason;
        this.partialText = partialText;
        this.promptTokens = promptTokens;
        this.completionTokens = completionTokens;
    }

    /** Short, safe to show to users. */
    public String reason() {
        return reason;
    }

    /** Everything passed to onDelta before the break. */
    public String partialText() {
        return partialText;
    }

    /** As the server counted them when it said so before breaking off (rare), otherwise about chars/4. */
    public int promptTokens() {
        return promptTokens;
    }

    /** As the server counted them when it said so before breaking off (rare), otherwise about chars/4. */
    public int completionTokens() {
        return completionTokens;
    }
}
