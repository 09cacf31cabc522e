package dev.parley.knowledge.api;

/** Answered 404: unknown, malformed and another tenant's ids alike. */
final class NotFound extends RuntimeException {
    NotFound(String message) {
        super(message);
    }
}
