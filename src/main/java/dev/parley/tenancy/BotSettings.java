package dev.parley.tenancy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Everything an admin sets on a bot. {@link #validated()} is the one place its rules live. */
public record BotSettings(String name, String persona, String welcomeMessage, List<String> starterQuestions,
                          String color, Position position, String language, List<String> allowedOrigins, Theme theme) {

    public enum Position { RIGHT, LEFT }

    /** The chat panel's colour scheme; AUTO follows the visitor's system setting (prefers-color-scheme). */
    public enum Theme { AUTO, LIGHT, DARK }

    public static final Set<String> LANGUAGES = Set.of("en", "de", "fr", "es");
    public static final int MAX_STARTER_QUESTIONS = 4;

    public static BotSettings defaults(String name) {
        return new BotSettings(name, "You are a friendly assistant. Answer from the provided sources only.",
                "Hi! Ask me anything about our products.", List.of(), "#4f46e5", Position.RIGHT, "en", List.of(), Theme.AUTO);
    }

    /** Trimmed and normalised copy, or every problem found at once, keyed by field. */
    public BotSettings validated() {
        Map<String, String> errors = new LinkedHashMap<>();
        String cleanName = trim(name);
        if (cleanName.isEmpty()) errors.put("name", "Give the bot a name.");
        else if (cleanName.length() > 80) errors.put("name", "A name has at most 80 characters.");
        String cleanPersona = trim(persona);
        if (cleanPersona.length() > 8000) errors.put("persona", "The persona has at most 8,000 characters.");
        String cleanWelcome = trim(welcomeMessage);
        if (cleanWelcome.length() > 500) errors.put("welcomeMessage", "The welcome message has at most 500 characters.");
        List<String> questions = starterQuestions == null ? List.of()
                : starterQuestions.stream().map(BotSettings::trim).filter(q -> !q.isEmpty()).toList();
        if (questions.size() > MAX_STARTER_QUESTIONS) {
            errors.put("starterQuestions", "At most " + MAX_STARTER_QUESTIONS + " starter questions.");
        } else if (questions.stream().anyMatch(q -> q.length() > 120)) {
            errors.put("starterQuestions", "A starter question has at most 120 characters.");
        }
        String cleanColor = trim(color).toLowerCase(Locale.ROOT);
        if (!cleanColor.matches("#[0-9a-f]{6}")) errors.put("color", "Use a colour like #4f46e5.");
        if (position == null) errors.put("position", "Choose where the launcher sits.");
        if (theme == null) errors.put("theme", "Choose light, dark or automatic.");
        String cleanLanguage = trim(language).toLowerCase(Locale.ROOT);
        if (!LANGUAGES.contains(cleanLanguage)) errors.put("language", "Choose English, German, French or Spanish.");
        List<String> origins = List.of();
        try {
            origins = AllowedOrigins.parse(allowedOrigins == null ? List.of() : allowedOrigins);
        } catch (InvalidInputException e) {
            errors.putAll(e.fieldErrors());
        }
        if (!errors.isEmpty()) throw new InvalidInputException(errors);
        return new BotSettings(cleanName, cleanPersona, cleanWelcome, questions, cleanColor, position, cleanLanguage, origins, theme);
    }

    private static String trim(String s) {
        return s == null ? "" : s.strip();
    }
}
