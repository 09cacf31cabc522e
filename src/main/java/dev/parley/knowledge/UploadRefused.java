package dev.parley.knowledge;

/**
 * An upload refused before anything was stored, with the message the user sees. The reason lets
 * the API answer with the right status; the field lets a form show the message next to its input.
 */
public class UploadRefused extends RuntimeException {

    /** Why it was refused. */
    public enum Reason { INVALID, EMPTY, UNSUPPORTED_TYPE, TOO_LARGE, NOT_FOUND }

    private final Reason reason;
    private final String field;

    public UploadRefused(String message) {
        this(Reason.INVALID, null, message);
    }

    public UploadRefused(Reason reason, String field, String message) {
        super(message);
        this.reason = reason;
        this.field = field;
    }

    public Reason reason() {
        return reason;
    }

    /** The input the message belongs to ("title", "body", "question", "answer", "file", "url", "maxPages", …), or null. */
    public String field() {
        return field;
    }
}
