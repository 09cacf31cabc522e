package dev.parley.tenancy;

import java.util.Locale;
import java.util.regex.Pattern;

final class Emails {
    // Pragmatic: one @, no spaces, a dot in the domain. Real validation is the invitation mail.
    private static final Pattern SHAPE = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");

    private Emails() {}

    static String normalise(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }

    static boolean isValid(String normalised) {
        return normalised.length() <= 254 && SHAPE.matcher(normalised).matches();
    }
}
