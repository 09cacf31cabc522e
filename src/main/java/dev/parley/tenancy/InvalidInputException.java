package dev.parley.tenancy;

import java.util.Map;

/**
 * Input a user can fix: one message per field (the form shows each next to its field) or a
 * general message under the key {@code ""}. Messages never echo other tenants' data.
 */
public class InvalidInputException extends RuntimeException {
    private final Map<String, String> fieldErrors;

    public InvalidInputException(Map<String, String> fieldErrors) {
        super(String.join("; ", fieldErrors.values()));
        this.fieldErrors = Map.copyOf(fieldErrors);
    }

    public static InvalidInputException of(String field, String message) {
        return new InvalidInputException(Map.of(field, message));
    }

    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }
}
