package dev.parley.knowledge.embedding;

/**
 * An embedding call failed. The message is written for the console (it ends up on the document),
 * so it names the cause without secrets; {@code permanent} says whether retrying can help.
 */
public final class EmbeddingFailure extends RuntimeException {

    private final boolean permanent;

    EmbeddingFailure(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    public boolean permanent() {
        return permanent;
    }
}
