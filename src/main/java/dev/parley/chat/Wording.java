package dev.parley.chat;

import java.util.Map;

/** What the bot says on its own behalf, in the bot's language. */
final class Wording {

    private static final Map<String, String> UNANSWERED = Map.of(
            "en", "I'm sorry, I couldn't find an answer to that in the documents I have.",
            "de", "Dazu habe ich in meinen Unterlagen leider keine Antwort gefunden.",
            "fr", "Désolé, je n'ai pas trouvé de réponse à cela dans mes documents.",
            "es", "Lo siento, no he encontrado una respuesta a eso en mis documentos.");

    private static final Map<String, String> FALLBACK = Map.of(
            "en", "_The AI assistant is unavailable right now, so this answer was taken directly from the documents._",
            "de", "_Der KI-Assistent ist gerade nicht erreichbar, daher stammt diese Antwort direkt aus den Unterlagen._",
            "fr", "_L'assistant IA est momentanément indisponible : cette réponse est tirée directement des documents._",
            "es", "_El asistente de IA no está disponible ahora mismo, así que esta respuesta se ha tomado directamente de los documentos._");

    private Wording() {}

    /** The bot's own wording when it has one, then its hand-off line. */
    static String unanswered(BotProfile profile) {
        String said = profile.answers().unansweredMessage().isBlank()
                ? UNANSWERED.getOrDefault(profile.language(), UNANSWERED.get("en")) : profile.answers().unansweredMessage();
        String handoff = profile.answers().handoffLine();
        return handoff.isBlank() ? said : said + "\n\n" + handoff;
    }

    static String fallbackNotice(String language) {
        return FALLBACK.getOrDefault(language, FALLBACK.get("en"));
    }
}
