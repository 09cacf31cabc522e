package dev.parley.tenancy;

import java.util.Locale;
import java.util.Set;

/** Minimum strength for console passwords (NIST 800-63B style: length and a deny-list, no rotation). */
final class PasswordPolicy {

    static final int MIN_LENGTH = 10;
    private static final Set<String> COMMON = Set.of("password", "password1", "password123", "1234567890",
            "12345678910", "qwertyuiop", "qwerty1234", "iloveyou123", "letmein123", "welcome123", "parley1234",
            "administrator", "abcdefghij", "0123456789", "passw0rd123", "changeme123");

    private PasswordPolicy() {}

    /** The problem with this password, or null when it is acceptable. */
    static String problem(String password, String email) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "Use at least " + MIN_LENGTH + " characters.";
        }
        if (password.length() > 128) return "Use at most 128 characters.";
        String lower = password.toLowerCase(Locale.ROOT);
        if (COMMON.contains(lower) || lower.chars().distinct().count() < 4) {
            return "This password is too easy to guess.";
        }
        String local = email == null ? "" : email.toLowerCase(Locale.ROOT).split("@")[0];
        if (local.length() >= 4 && lower.contains(local)) return "Don't use your e-mail address in the password.";
        boolean letters = password.chars().anyMatch(Character::isLetter);
        boolean others = password.chars().anyMatch(c -> !Character.isLetter(c));
        if (!letters || !others) return "Mix letters with digits or symbols.";
        return null;
    }
}
