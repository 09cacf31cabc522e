package dev.parley.chat.answer;

import dev.parley.chat.answer.Passages.Kind;
import dev.parley.chat.answer.Passages.Unit;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The answer when no language model is configured: the best sentences of the retrieved chunks,
 * each source cited with {@code [n]} after the last sentence taken from it, about 120 words at
 * most, or a plain "not found" when nothing in the evidence matches the question. A curated Q&A
 * answer in first place is given verbatim. Pure and stateless: safe to call from any thread.
 * Decisions and thresholds: docs/decisions/DD-020-extractive-answers.md.
 */
@Component
public class ExtractiveAnswerer {

    static final int TARGET_WORDS = 120;
    static final int MAX_WORDS = 160;
    static final int MAX_CURATED_WORDS = 250;
    static final int MAX_CURATED_CHARS = 2_000;
    static final int MAX_SOURCES = 3;
    static final int MAX_PICKS = 6;
    static final int MAX_PULLED = 5;
    /** Share of the question's (rarity-weighted) terms the best sentence must contain. */
    static final double MIN_COVERAGE = 0.2;
    /** Retrieval this sure answers with the best passage's opening even without shared words. */
    static final double CONFIDENT_SIMILARITY = 0.8;
    /** Sentences scoring below this share of the best one are not worth the visitor's time. */
    static final double RELATIVE_CUTOFF = 0.6;
    /** A further source must come close to the best sentence: an answer citing many sources reads like a list of hits. */
    static final double NEW_SOURCE_CUTOFF = 0.8;
    static final double NEAR_DUPLICATE = 0.6;
    private static final int MAX_CONCEPTS = 24;
    private static final int MAX_QUESTION_CHARS = 1000;
    /** First words of a question asking how to do something: a sentence that brings its command is preferred. */
    private static final Set<String> PROCEDURAL = Set.of("how", "wie", "comment", "como");
    private static final Pattern QA = Pattern.compile("(?s)^\\s*Q:.*?\\R\\s*A:[ \\t]*(.*)$");
    private static final Pattern TERMINAL = Pattern.compile("[.!?:;…\"'»”]$");

    /** language: "en", "de", "fr" or "es". Evidence arrives best first and already passed the evidence threshold. */
    public ExtractiveAnswer answer(String question, List<Evidence> evidence, String language) {
        Language lang = Language.of(language);
        if (evidence == null || evidence.isEmpty()) return notFound(lang);
        Evidence best = evidence.getFirst();
        if (best.curatedAnswer()) {
            String curated = curatedAnswer(best.text());
            if (!curated.isBlank()) return curated(curated, best.number(), lang);
        }
        String q = question == null ? "" : question.length() > MAX_QUESTION_CHARS ? question.substring(0, MAX_QUESTION_CHARS) : question;

        List<List<Unit>> bySource = new ArrayList<>();
        List<Unit> units = new ArrayList<>();
        for (int i = 0; i < evidence.size(); i++) {
            Evidence e = evidence.get(i);
            List<Unit> split = Passages.split(i, e.curatedAnswer() ? curatedAnswer(e.text()) : e.text(), lang.locale);
            for (Unit unit : split) unit.stems = lang.stems(unit.prose + "\n" + String.join("\n", unit.code));
            bySource.add(split);
            units.addAll(split);
        }
        if (units.isEmpty()) return notFound(lang);

        Query query = Query.of(q, lang, units);
        score(query, evidence, bySource, lang);

        double bestCoverage = 0;
        for (Unit unit : units) if (unit.usable) bestCoverage = Math.max(bestCoverage, unit.coverage);
        double topSimilarity = evidence.stream().mapToDouble(Evidence::similarity).max().orElse(0);

        List<Unit> picked;
        if (bestCoverage >= MIN_COVERAGE) {
            picked = pick(units, bySource, query);
        } else if (topSimilarity >= CONFIDENT_SIMILARITY) {
            picked = opening(bySource.getFirst(), query);
        } else {
            return notFound(lang);
        }
        if (picked.isEmpty()) return notFound(lang);
        return render(picked, bySource, evidence);
    }

    /** The answer part of a stored Q&A chunk ({@code "Q: …\nA: …"}), or the text itself. */
    static String curatedAnswer(String text) {
        Matcher qa = QA.matcher(text);
        return (qa.matches() ? qa.group(1) : text).strip();
    }

    private static ExtractiveAnswer curated(String answer, int number, Language lang) {
        String text = answer;
        if (Passages.words(answer) > MAX_CURATED_WORDS || answer.length() > MAX_CURATED_CHARS) {
            // Cut after the last whole sentence that fits; within one overlong sentence, after a word.
            BreakIterator sentences = BreakIterator.getSentenceInstance(lang.locale);
            sentences.setText(answer);
            int cut = 0;
            for (int end = sentences.next(); end != BreakIterator.DONE; end = sentences.next()) {
                if (!fits(answer.substring(0, end))) break;
                cut = end;
            }
            if (cut == 0) {
                cut = Math.min(answer.length(), MAX_CURATED_CHARS);
                while (!fits(answer.substring(0, cut))) cut = answer.lastIndexOf(' ', cut - 1) > 0 ? answer.lastIndexOf(' ', cut - 1) : cut / 2;
            }
            text = answer.substring(0, cut).strip() + (cut < answer.length() && sentenceCutShort(answer, cut) ? " …" : "");
            if (text.split("```", -1).length % 2 == 0) text += "\n```";
        }
        String marker = "[" + number + "]";
        return new ExtractiveAnswer(text.endsWith("```") ? text + "\n\n" + marker : text + " " + marker, List.of(number), true);
    }

    private static boolean fits(String text) {
        return Passages.words(text) <= MAX_CURATED_WORDS && text.length() <= MAX_CURATED_CHARS;
    }

    private static boolean sentenceCutShort(String text, int cut) {
        String before = text.substring(0, cut).strip();
        return !before.isEmpty() && !TERMINAL.matcher(before).find();
    }

    private static ExtractiveAnswer notFound(Language lang) {
        return new ExtractiveAnswer(lang.notFound, List.of(), false);
    }

    /** The question's content words; a concept matches when a sentence holds any of its stems. */
    record Query(List<List<String>> concepts, Map<String, Long> masks, double[] idf, double total,
                 boolean procedural) {

        static Query of(String question, Language lang, List<Unit> units) {
            Set<String> vocabulary = new HashSet<>();
            for (Unit unit : units) vocabulary.addAll(unit.stems);
            List<String> words = Language.words(question);
            List<List<String>> concepts = new ArrayList<>();
            int[] conceptOf = new int[words.size()];
            for (int i = 0; i < words.size(); i++) {
                conceptOf[i] = -1;
                String word = words.get(i);
                if (lang.isStopWord(word)) continue;
                String stem = lang.stem(word);
                for (int c = 0; c < concepts.size() && conceptOf[i] < 0; c++) if (concepts.get(c).contains(stem)) conceptOf[i] = c;
                if (conceptOf[i] < 0 && concepts.size() < MAX_CONCEPTS) {
                    concepts.add(new ArrayList<>(List.of(stem)));
                    conceptOf[i] = concepts.size() - 1;
                }
            }
            // "back up" asks about a "backup", "log in" about a "login", "stelle … wieder her" about
            // "wiederherstellen": two words the documents write as one, or as the start of one.
            for (int i = 0; i + 1 < words.size(); i++) {
                String joined = lang.stem(words.get(i) + words.get(i + 1));
                if (!vocabulary.contains(joined) && (joined.length() < 6 || vocabulary.stream().noneMatch(v -> v.startsWith(joined)))) continue;
                int c = conceptOf[i] >= 0 ? conceptOf[i] : conceptOf[i + 1];
                if (c < 0 && concepts.size() < MAX_CONCEPTS) {
                    concepts.add(new ArrayList<>());
                    c = concepts.size() - 1;
                }
                if (c >= 0 && !concepts.get(c).contains(joined)) concepts.get(c).add(joined);
            }
            Map<String, Long> masks = new HashMap<>();
            for (String stem : vocabulary) {
                long mask = 0;
                for (int c = 0; c < concepts.size(); c++) {
                    for (String alternative : concepts.get(c)) {
                        if (lang.related(stem, alternative)) {
                            mask |= 1L << c;
                            break;
                        }
                    }
                }
                if (mask != 0) masks.put(stem, mask);
            }
            int[] df = new int[concepts.size()];
            for (Unit unit : units) {
                long mask = 0;
                for (String stem : unit.stems) mask |= masks.getOrDefault(stem, 0L);
                unit.concepts = mask;
                for (int c = 0; c < concepts.size(); c++) if ((mask & (1L << c)) != 0) df[c]++;
            }
            // Rarity among the candidate sentences: a word every sentence has ("Parley") tells little.
            // A question word no candidate has counts as rare, not rarer: with few candidates,
            // "how long … take" must not outweigh the word that matters ("refunds").
            double[] idf = new double[concepts.size()];
            double total = 0;
            for (int c = 0; c < concepts.size(); c++) {
                idf[c] = Math.log((units.size() + 1.0) / (Math.max(df[c], 1) + 0.5));
                total += idf[c];
            }
            boolean procedural = !words.isEmpty() && PROCEDURAL.contains(words.getFirst());
            return new Query(concepts, masks, idf, total, procedural);
        }

        /** Like coverage, but a term said again counts a little more (saturating: 1, 1.33, 1.5, …). */
        @SafeVarargs
        final double relevance(long concepts, List<String>... stemLists) {
            if (total <= 0 || concepts == 0) return 0;
            int[] tf = new int[idf.length];
            for (List<String> stems : stemLists) {
                for (String stem : stems) {
                    long mask = masks.getOrDefault(stem, 0L);
                    for (int c = 0; mask != 0 && c < idf.length; c++) if ((mask & (1L << c)) != 0) tf[c]++;
                }
            }
            double matched = 0;
            for (int c = 0; c < idf.length; c++) if (tf[c] > 0) matched += idf[c] * 2.0 * tf[c] / (tf[c] + 1.0);
            return matched / total;
        }

        boolean echoes(Unit unit) {
            if (unit.stems.isEmpty()) return false;
            for (String stem : unit.stems) if (!masks.containsKey(stem)) return false;
            return true;
        }

        double coverage(long mask) {
            if (total <= 0 || mask == 0) return 0;
            double matched = 0;
            for (int c = 0; c < idf.length; c++) if ((mask & (1L << c)) != 0) matched += idf[c];
            return matched / total;
        }

        long mask(Language lang, String text) {
            long mask = 0;
            for (String stem : lang.stems(text)) {
                for (int c = 0; c < concepts.size(); c++) {
                    for (String alternative : concepts.get(c)) if (lang.related(stem, alternative)) mask |= 1L << c;
                }
            }
            return mask;
        }
    }

    private static void score(Query query, List<Evidence> evidence, List<List<Unit>> bySource, Language lang) {
        for (List<Unit> source : bySource) {
            for (Unit unit : source) {
                unit.coverage = query.coverage(unit.concepts);
                // The question said back ("Backing up Parley quickly") answers nothing: every word of it is
                // the question's. One more word ("… on port 8080") may be the answer. An introduction
                // ending in ":" or a sentence bringing a command is kept for what it brings.
                if (unit.code.isEmpty() && !unit.prose.endsWith(":") && query.echoes(unit)) unit.usable = false;
            }
        }
        for (int s = 0; s < bySource.size(); s++) {
            Evidence e = evidence.get(s);
            double prior = 0.08 * Math.clamp(e.similarity(), 0.0, 1.0) + 0.08 / (1 + s)
                    + 0.1 * query.coverage(query.mask(lang, e.section()));
            List<Unit> source = bySource.get(s);
            for (int i = 0; i < source.size(); i++) {
                Unit unit = source.get(i);
                // A long sentence matches more words by chance: damp it beyond 35 words.
                double length = unit.words <= 35 ? 1 : 1 / (1 + (unit.words - 35) / 70.0);
                double neighbour = Math.max(i > 0 ? source.get(i - 1).coverage : 0, i + 1 < source.size() ? source.get(i + 1).coverage : 0);
                double command = query.procedural() && !unit.code.isEmpty() && unit.coverage > 0 ? 0.05 : 0;
                // A command and the lower-case words going on after it are one sentence, and shown together.
                Unit next = i + 1 < source.size() ? source.get(i + 1) : null;
                double relevance = !unit.code.isEmpty() && next != null && next.continuation
                        ? query.relevance(unit.concepts | next.concepts, unit.stems, next.stems) : query.relevance(unit.concepts, unit.stems);
                unit.score = relevance * length + prior + 0.1 * neighbour + command;
            }
        }
    }

    private static List<Unit> pick(List<Unit> units, List<List<Unit>> bySource, Query query) {
        List<Unit> candidates = units.stream().filter(u -> u.usable && u.coverage > 0)
                .sorted(Comparator.comparingDouble((Unit u) -> -u.score).thenComparingInt(u -> u.source).thenComparingInt(u -> u.position))
                .toList();
        if (candidates.isEmpty()) return List.of();
        double best = candidates.getFirst().score;
        double bestCoverage = candidates.stream().mapToDouble(u -> u.coverage).max().orElse(0);
        List<Unit> picked = new ArrayList<>();
        Set<Integer> sources = new HashSet<>();
        int words = 0;
        boolean overflowed = false;
        for (Unit unit : candidates) {
            if (picked.size() >= MAX_PICKS || unit.score < RELATIVE_CUTOFF * best) break;
            // Matching only the common half of the question (its rarest word missing) is not an answer to it.
            if (picked.contains(unit) || unit.coverage < 0.5 * bestCoverage) continue;
            if (!sources.isEmpty() && !sources.contains(unit.source)
                    && (sources.size() >= MAX_SOURCES || unit.score < NEW_SOURCE_CUTOFF * best)) {
                continue;
            }
            if (duplicate(unit, picked)) continue;
            int total = words + unit.words;
            if (!picked.isEmpty() && total > TARGET_WORDS) {
                // One sentence may run past the target, when the first pick alone took most of it.
                if (overflowed || picked.size() > 1 || total > MAX_WORDS) continue;
                overflowed = true;
            } else if (total > MAX_WORDS) {
                continue;
            }
            picked.add(unit);
            sources.add(unit.source);
            words = total;
            if (unit.endsWithColon()) words += pullList(unit, bySource.get(unit.source), picked, words);
            words += pullContinuation(unit, bySource.get(unit.source), picked, words);
        }
        return picked;
    }

    /** A sentence ending in ":" introduces the list or table after it: take its first items. */
    private static int pullList(Unit intro, List<Unit> source, List<Unit> picked, int words) {
        int added = 0;
        int index = source.indexOf(intro);
        for (int i = index + 1; i < source.size() && i <= index + MAX_PULLED; i++) {
            Unit next = source.get(i);
            // One list or one table: what follows it (a table after a list) is not introduced by the sentence.
            if (next.kind == Kind.SENTENCE || next.kind != source.get(index + 1).kind
                    || next.words > Passages.MAX_UNIT_WORDS || next.prose.endsWith("?")) {
                break;
            }
            if (picked.contains(next) || duplicate(next, picked)) continue;
            if (words + added + next.words > MAX_WORDS) break;
            picked.add(next);
            added += next.words;
        }
        return added;
    }

    /** After a command, a sentence going on in lower case ("… `./parley start` installs …") belongs to it. */
    private static int pullContinuation(Unit unit, List<Unit> source, List<Unit> picked, int words) {
        int index = source.indexOf(unit);
        if (unit.code.isEmpty() || index + 1 >= source.size()) return 0;
        Unit next = source.get(index + 1);
        if (!next.continuation || picked.contains(next) || next.words > Passages.MAX_UNIT_WORDS
                || words + next.words > MAX_WORDS || duplicate(next, picked)) {
            return 0;
        }
        picked.add(next);
        return next.words;
    }

    /** No shared word with the question, but retrieval is confident: the best passage's opening sentences. */
    private static List<Unit> opening(List<Unit> source, Query query) {
        List<Unit> picked = new ArrayList<>();
        int words = 0;
        for (Unit unit : source) {
            if (picked.size() >= 3) break;
            if (!unit.usable || duplicate(unit, picked)) continue;
            if (words + unit.words > (picked.isEmpty() ? MAX_WORDS : TARGET_WORDS)) break;
            picked.add(unit);
            words += unit.words;
        }
        return picked;
    }

    private static boolean duplicate(Unit unit, List<Unit> picked) {
        for (Unit other : picked) {
            if (unit.stems.isEmpty() && other.stems.isEmpty() ? unit.code.equals(other.code) && unit.prose.equals(other.prose)
                    : jaccard(unit.stems, other.stems) >= NEAR_DUPLICATE) {
                return true;
            }
        }
        return false;
    }

    private static double jaccard(List<String> a, List<String> b) {
        return jaccard(new HashSet<>(a), new HashSet<>(b));
    }

    private static double jaccard(Set<String> a, Set<String> b) {
        if (a.isEmpty() || b.isEmpty()) return 0;
        int shared = 0;
        for (String s : a) if (b.contains(s)) shared++;
        return (double) shared / (a.size() + b.size() - shared);
    }

    /** Sources ordered by their best sentence, sentences in document order, one marker per source. */
    private static ExtractiveAnswer render(List<Unit> picked, List<List<Unit>> bySource, List<Evidence> evidence) {
        Map<Integer, List<Unit>> groups = new LinkedHashMap<>();
        picked.stream().sorted(Comparator.comparingDouble((Unit u) -> -u.score).thenComparingInt(u -> u.source))
                .forEach(u -> groups.computeIfAbsent(u.source, s -> new ArrayList<>()));
        for (Unit unit : picked) groups.get(unit.source).add(unit);
        StringBuilder text = new StringBuilder();
        List<Integer> cited = new ArrayList<>();
        boolean afterBlock = false;
        for (Map.Entry<Integer, List<Unit>> group : groups.entrySet()) {
            List<Unit> source = bySource.get(group.getKey());
            List<Unit> units = group.getValue();
            units.sort(Comparator.comparingInt(source::indexOf));
            for (int k = 0; k < units.size(); k++) {
                Unit unit = units.get(k);
                Unit next = k + 1 < units.size() && source.indexOf(units.get(k + 1)) == source.indexOf(unit) + 1 ? units.get(k + 1) : null;
                boolean listFollows = next != null && next.kind != Kind.SENTENCE;
                boolean continued = next != null && next.continuation;
                String prose = unit.prose;
                if (unit.code.isEmpty() && (prose.endsWith(",") || prose.endsWith(";") || prose.endsWith(":") && !listFollows)) {
                    // An item ending in "," or ";", or an introduction whose list was left out, ends here.
                    prose = prose.substring(0, prose.length() - 1) + ".";
                } else if (unit.code.isEmpty() && !prose.isEmpty() && !TERMINAL.matcher(prose).find()) {
                    prose += ".";
                }
                if (!text.isEmpty()) text.append(afterBlock ? "\n\n" : " ");
                afterBlock = false;
                text.append(prose);
                if (!unit.code.isEmpty()) {
                    String line = unit.code.getFirst();
                    // One short line right after "…:" reads as part of the sentence; anything else is a block.
                    if (unit.code.size() == 1 && line.length() <= 100 && !line.contains("`") && (prose.isEmpty() || prose.endsWith(":"))) {
                        text.append(prose.isEmpty() ? "" : " ").append('`').append(line.strip()).append('`');
                        if (!continued) text.append('.');
                    } else {
                        text.append(text.isEmpty() ? "" : "\n\n").append("```").append(unit.codeLanguage).append('\n')
                                .append(String.join("\n", unit.code)).append("\n```");
                        afterBlock = true;
                    }
                }
            }
            int number = evidence.get(group.getKey()).number();
            text.append(afterBlock ? "\n\n" : " ").append('[').append(number).append(']');
            afterBlock = false;
            if (!cited.contains(number)) cited.add(number);
        }
        return new ExtractiveAnswer(text.toString().strip(), cited, true);
    }
}
