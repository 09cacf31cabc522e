package dev.parley.knowledge;

/** The same bytes are already in this bot's knowledge; the user may add them again on purpose. */
public class DuplicateDocument extends RuntimeException {
    private final KnowledgeDocument existing;

    public DuplicateDocument(KnowledgeDocument existing) {
        super("'" + existing.title() + "' has the same content. Add it again anyway, or keep the existing one.");
        this.existing = existing;
    }

    public KnowledgeDocument existing() {
        return existing;
    }
}
