package dev.parley.knowledge;

/** Where a document came from. */
public enum SourceType {
    FILE, TEXT, QA, URL
}
