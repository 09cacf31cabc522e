package dev.parley.tenancy;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a bot answers. Blank LLM fields fall back to the global defaults (PARLEY_LLM_*); with no
 * endpoint anywhere the bot answers extractively. The API key is not part of this record: it is
 * written separately and never read back.
 *
 * @param unansweredMessage what the bot says when its knowledge has nothing; blank = the built-in wording
 * @param handoffLine       optional line after that, e.g. "Write to help@example.com"
 * @param maxMessagesPerDay visitor messages per day for this bot; null = no cap
 * @param llmTemperature    null = default
 * @param llmMaxTokens      null = default
 */
public record AnswerSettings(String unansweredMessage, String handoffLine, Integer maxMessagesPerDay,
                             String llmBaseUrl, String llmModel, Double llmTemperature, Integer llmMaxTokens) {

    public static AnswerSettings defaults() {
        return new AnswerSettings("", "", null, null, null, null, null);
    }

    /** Trimmed copy, or every problem found at once, keyed by field. */
    public AnswerSettings validated() {
        Map<String, String> errors = new LinkedHashMap<>();
        String unanswered = trim(unansweredMessage), handoff = trim(handoffLine);
        if (unanswered.length() > 500) errors.put("unansweredMessage", "At most 500 characters.");
        if (handoff.length() > 300) errors.put("handoffLine", "At most 300 characters.");
        if (maxMessagesPerDay != null && maxMessagesPerDay < 0) errors.put("maxMessagesPerDay", "Use 0 or more, or leave it empty for no cap.");
        String baseUrl = blankToNull(llmBaseUrl), model = blankToNull(llmModel);
        if (baseUrl != null && !isHttpUrl(baseUrl)) {
            errors.put("llmBaseUrl", "Use the endpoint's http(s) address, like https://api.openai.com/v1 or http://localhost:11434/v1.");
        }
        if (model != null && model.length() > 200) errors.put("llmModel", "At most 200 characters.");
        if (llmTemperature != null && (llmTemperature < 0 || llmTemperature > 2)) errors.put("llmTemperature", "Between 0 and 2.");
        if (llmMaxTokens != null && (llmMaxTokens < 16 || llmMaxTokens > 8192)) errors.put("llmMaxTokens", "Between 16 and 8,192.");
        if (!errors.isEmpty()) throw new InvalidInputException(errors);
        return new AnswerSettings(unanswered, handoff, maxMessagesPerDay, baseUrl, model, llmTemperature, llmMaxTokens);
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getUserInfo() == null && value.length() <= 500;
        } catch (Exception e) {
            return false;
        }
    }

    private static String trim(String s) {
        return s == null ? "" : s.strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
