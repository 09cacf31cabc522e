package dev.parley.knowledge.web;

/** A URL that was not fetched, with the reason a user understands. */
public class FetchFailure extends Exception {

    /** REFUSED: Parley would not fetch it; GONE: the server says 404/410; FAILED: anything else. */
    public enum Kind { REFUSED, GONE, FAILED }

    private final Kind kind;

    public FetchFailure(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static FetchFailure refused(String message) {
        return new FetchFailure(Kind.REFUSED, message);
    }

    static FetchFailure failed(String message) {
        return new FetchFailure(Kind.FAILED, message);
    }
}
