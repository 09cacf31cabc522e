package dev.parley.unanswered;

/** A curated answer that cannot be saved, with the field it concerns ("question" or "answer") and what to show there. */
public class CurationRefused extends RuntimeException {

    private final String field;

    public CurationRefused(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
