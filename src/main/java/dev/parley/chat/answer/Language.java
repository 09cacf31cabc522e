package dev.parley.chat.answer;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the extractive answerer knows of a language: sentence locale, stop words, a crude
 * suffix-stripping stemmer and the "nothing found" sentence. Matching is done on folded text:
 * lower case, accents stripped, ß as ss. Immutable and shared.
 */
final class Language {

    private static final Set<String> EN_STOP = Set.of(("a about above after again all also am an and any are as at be because"
            + " been before being below between both but by can cannot could did didn do does doesn doing don done down during"
            + " each either else etc ever every few for from further get gets getting got had has have having he hello her here"
            + " hers hi him his how however i if in into is isn it its itself just kind kinds know let like ll may me might more most much"
            + " must my need needs no nor not now of off on once one only or other our ours out over own please re same shall"
            + " she should so some such tell than thank thanks that the their theirs them then there these they this those"
            + " through to too type types under until up upon us use used uses using ve very want was we were what whats when where"
            + " whether which while who whom whose why will with within without would yes yet you your yours").split(" "));

    private static final Set<String> DE_STOP = Set.of(("aber alle allem allen aller alles als also am an andere anderen auch"
            + " auf aus bei beim bin bis bist bitte da damit dann das dass dein deine deinem deinen deiner dem den denn der des"
            + " deshalb die dies diese diesem diesen dieser dieses doch dort du durch ein eine einem einen einer eines er es"
            + " etwas euch euer eure fur gibt hab habe haben hallo hat hatte hier ich ihr ihre ihrem ihren ihrer im in ist ja"
            + " jede jedem jeden jeder jedes kann kannst konnen konnte man mehr mein meine meinem meinen meiner mich mir mit"
            + " muss musst nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner sich sie sind so"
            + " soll sollte uber um und uns unser unsere unter viel vom von vor wann war waren warum was weil welche welchem"
            + " welchen welcher welches wenn wer werde werden wie wieder wieso wir wird wo woher wohin womit wozu zu zum zur"
            + " bereits eigentlich gerne immer mal schon").split(" "));

    private static final Set<String> FR_STOP = Set.of(("afin ai aie alors au aucun aussi autre aux avec avez avoir bien bonjour"
            + " ca ce ceci cela celle celui ces cet cette chaque comme comment dans de des donc dont du elle elles en est et"
            + " etre eu faire fait il ils je la le les leur leurs lui ma mais me merci mes moi mon ne nos notre nous on ou"
            + " par pas peut peux plus pour pourquoi puis puisque quand que quel quelle quelles quels qui quoi sa sans se ses"
            + " si son sont sous sur svp ta te tes toi ton tous tout toute toutes tu un une vos votre vous").split(" "));

    private static final Set<String> ES_STOP = Set.of(("al algo algun alguna alguno ante antes como con contra cual cuales"
            + " cuando cuanto de del desde donde el ella ellas ellos en entre era es esa ese eso esta estan estar este esto"
            + " estos favor fue gracias ha hace hacer han hay hola la las le les lo los mas me mi mis muy nada ni no nos"
            + " nosotros otra otro para pero poco por porque puede pueden puedo que quien se sea segun ser si sin sobre son"
            + " su sus tambien te tengo tiene tu tus un una uno unos usted ustedes ya yo").split(" "));

    private static final Map<String, Language> LANGUAGES = Map.of(
            "en", new Language("en", Set.of(), false, List.of("ies:y", "ing>4", "ed", "s"), 3,
                    "I couldn't find this in the documents I have."),
            "de", new Language("de", DE_STOP, true, List.of("ungen", "ung", "en", "er", "es", "em", "e", "n", "s"), 4,
                    "Dazu habe ich in meinen Dokumenten nichts gefunden."),
            "fr", new Language("fr", FR_STOP, false, List.of("ations", "ation", "ements", "ement", "ees", "ee", "er", "ez", "es", "e", "s", "x"), 4,
                    "Je n'ai rien trouvé à ce sujet dans mes documents."),
            "es", new Language("es", ES_STOP, false, List.of("ciones", "cion", "es", "os", "as", "ar", "er", "ir", "o", "a", "s"), 4,
                    "No he encontrado nada sobre esto en mis documentos."));

    final String code;
    final Locale locale;
    final String notFound;
    private final Set<String> stopWords;
    private final List<Suffix> suffixes;
    /** German glues words together: "Wiederherstellung" holds "Herstellung", "Datensicherung" holds "Sicherung". */
    private final boolean compounds;

    /** "ies:y>3": strip "ies", add "y", when at least 3 letters remain (the language's minimum by default). */
    private record Suffix(String strip, String add, int min) {}

    private Language(String code, Set<String> own, boolean compounds, List<String> suffixes, int minStem, String notFound) {
        this.code = code;
        this.compounds = compounds;
        this.locale = Locale.forLanguageTag(code);
        this.notFound = notFound;
        // English stop words too: visitors of a German site often ask in English, and none of them
        // is a content word in the other three languages.
        Set<String> stop = new HashSet<>(EN_STOP);
        stop.addAll(own);
        this.stopWords = Set.copyOf(stop);
        List<Suffix> rules = new ArrayList<>();
        for (String rule : suffixes) {
            String[] minimum = rule.split(">");
            String[] parts = minimum[0].split(":");
            rules.add(new Suffix(parts[0], parts.length > 1 ? parts[1] : "",
                    minimum.length > 1 ? Integer.parseInt(minimum[1]) : minStem));
        }
        this.suffixes = List.copyOf(rules);
    }

    /** "en", "de", "fr", "es" (a region like "de-CH" is ignored); anything else is English. */
    static Language of(String language) {
        String code = language == null ? "en" : language.strip().toLowerCase(Locale.ROOT);
        if (code.length() > 2) code = code.substring(0, 2);
        return LANGUAGES.getOrDefault(code, LANGUAGES.get("en"));
    }

    boolean isStopWord(String folded) {
        return stopWords.contains(folded);
    }

    /** Folded words of the text, stop words included, one-letter words dropped (digits kept). */
    static List<String> words(String text) {
        String folded = fold(text);
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= folded.length(); i++) {
            boolean part = i < folded.length() && Character.isLetterOrDigit(folded.charAt(i));
            if (part && start < 0) {
                start = i;
            } else if (!part && start >= 0) {
                if (i - start > 1 || Character.isDigit(folded.charAt(start))) words.add(folded.substring(start, i));
                start = -1;
            }
        }
        return words;
    }

    /** Stems of the text's content words (no stop words), in order, duplicates kept. */
    List<String> stems(String text) {
        List<String> stems = new ArrayList<>();
        for (String word : words(text)) if (!isStopWord(word)) stems.add(stem(word));
        return stems;
    }

    /** The word without its first matching inflection suffix, if enough of it is left. */
    String stem(String word) {
        if (!Character.isLetter(word.charAt(word.length() - 1))) return word;
        for (Suffix rule : suffixes) {
            if (word.endsWith(rule.strip()) && word.length() - rule.strip().length() >= rule.min()
                    && !(rule.strip().equals("s") && (word.endsWith("ss") || word.endsWith("us") || word.endsWith("is")))) {
                return word.substring(0, word.length() - rule.strip().length()) + rule.add();
            }
        }
        return word;
    }

    /**
     * Same stem, or a shared prefix of at least five letters that leaves at most two of the shorter
     * ("configur-e" / "configur-ation"), or, in German, a compound ending in the other (five letters at least).
     */
    boolean related(String a, String b) {
        if (a.equals(b)) return true;
        int shorter = Math.min(a.length(), b.length());
        if (shorter < 5 || Character.isDigit(a.charAt(0)) || Character.isDigit(b.charAt(0))) return false;
        int common = 0;
        while (common < shorter && a.charAt(common) == b.charAt(common)) common++;
        if (common >= 5 && common >= shorter - 2) return true;
        return compounds && (a.length() > b.length() ? a.endsWith(b) : b.endsWith(a));
    }

    /** Lower case (locale-independent), accents stripped, ß as ss. */
    static String fold(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i < lower.length(); i++) {
            if (lower.charAt(i) > 127) {
                return Normalizer.normalize(lower, Normalizer.Form.NFD).replaceAll("\\p{M}+", "").replace("ß", "ss");
            }
        }
        return lower;
    }
}
