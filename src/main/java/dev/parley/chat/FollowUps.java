package dev.parley.chat;

import dev.parley.chat.llm.LlmClient;
import dev.parley.chat.llm.LlmUnavailable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * What to search for when a question leans on earlier turns ("and how much does it cost?"). Only
 * questions that look like follow-ups are rewritten: the LLM, when there is one, makes them stand
 * alone; otherwise (or when it fails) the previous question is searched together with this one.
 */
@Component
class FollowUps {

    /** Words that point back at something said before, per language. */
    private static final Map<String, Set<String>> BACK_REFERENCES = Map.of(
            "en", Set.of("it", "its", "it's", "that", "this", "they", "them", "their", "those", "these", "there", "he", "she",
                    "same", "also", "else", "too"),
            "de", Set.of("es", "das", "dies", "diese", "dieser", "dieses", "sie", "ihn", "ihm", "dort", "dafür", "davon", "damit",
                    "dazu", "darauf", "auch", "noch", "mehr"),
            "fr", Set.of("il", "elle", "ils", "elles", "ça", "cela", "ceci", "celui", "celle", "ceux", "y", "en", "le", "la", "les",
                    "aussi", "encore"),
            "es", Set.of("eso", "esto", "ello", "él", "ella", "ellos", "ellas", "allí", "ahí", "lo", "la", "los", "las", "también",
                    "más"));
    private static final int SHORT_QUESTION_WORDS = 4;

    private final LlmClient llm;
    private final ChatProperties properties;

    FollowUps(LlmClient llm, ChatProperties properties) {
        this.llm = llm;
        this.properties = properties;
    }

    String searchQuery(BotProfile profile, List<ChatMessage> history, String question) {
        String previous = history.reversed().stream().filter(m -> !m.fromAssistant()).map(ChatMessage::content)
                .findFirst().orElse(null);
        if (previous == null || !looksLikeFollowUp(question, profile.language())) return question;
        if (profile.llm().isPresent()) {
            try {
                String rewritten = llm.complete(profile.llm().get(), Prompts.rewrite(history, question), 80,
                        properties.rewriteTimeout()).replaceAll("\\s+", " ").strip();
                if (!rewritten.isEmpty() && rewritten.length() <= 500) return rewritten;
            } catch (LlmUnavailable e) {
                // the deterministic rewrite below still finds the right passages in most cases
            }
        }
        return previous + " " + question;
    }

    static boolean looksLikeFollowUp(String question, String language) {
        String[] words = question.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+");
        long count = java.util.Arrays.stream(words).filter(w -> !w.isEmpty()).count();
        if (count <= SHORT_QUESTION_WORDS) return true;
        Set<String> back = BACK_REFERENCES.getOrDefault(language, BACK_REFERENCES.get("en"));
        for (String word : words) if (back.contains(word)) return true;
        return false;
    }
}
