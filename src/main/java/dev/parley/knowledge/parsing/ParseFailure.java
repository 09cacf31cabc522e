package dev.parley.knowledge.parsing;

/**
 * A file that cannot be indexed, with the reason a user understands ("The PDF is encrypted").
 * Permanent failures are not retried; transient ones (a crashed parser process) are.
 */
public class ParseFailure extends Exception {
    private final boolean permanent;

    public ParseFailure(String userMessage, boolean permanent) {
        super(userMessage);
        this.permanent = permanent;
    }

    public ParseFailure(String userMessage, boolean permanent, Throwable cause) {
        super(userMessage, cause);
        this.permanent = permanent;
    }

    public boolean permanent() {
        return permanent;
    }
}
