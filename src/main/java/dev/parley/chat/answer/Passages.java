package dev.parley.chat.answer;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts a chunk into the units an answer is made of: sentences of paragraphs and list items,
 * table rows, and code blocks attached to the sentence that introduces them. Markdown syntax
 * (headings, list markers, table pipes, emphasis, links, images) is removed; inline code is kept
 * because the widget renders it and commands are often the answer.
 */
final class Passages {

    enum Kind { SENTENCE, ITEM, ROW, CODE }

    /** One candidate piece of an answer, in the order it has in its chunk. */
    static final class Unit {
        final int source;
        final int position;
        final Kind kind;
        final String prose;
        List<String> code = List.of();
        String codeLanguage = "";
        /** Usable on its own: not a fragment, a question, too short or too long. */
        boolean usable = true;
        /** Starts a paragraph in lower case: it goes on from what came before (usually a code block). */
        boolean continuation;
        int words;
        List<String> stems = List.of();
        long concepts;
        double coverage;
        double score;
        private int line;

        Unit(int source, int position, Kind kind, String prose, int line) {
            this.source = source;
            this.position = position;
            this.kind = kind;
            this.prose = prose;
            this.line = line;
        }

        boolean endsWithColon() {
            return code.isEmpty() && prose.endsWith(":");
        }
    }

    static final int MAX_CODE_LINES = 8;
    static final int MAX_UNIT_WORDS = 90;
    /** Words are no measure for a line without spaces (a URL, minified code, base64). */
    static final int MAX_UNIT_CHARS = 700;
    private static final int MIN_PROSE_WORDS = 3;

    private static final Set<String> ABBREVIATIONS = Set.of("approx", "bzw", "ca", "cf", "dr", "env", "etc", "evtl", "ex",
            "fig", "ggf", "inkl", "incl", "mr", "mrs", "ms", "nr", "sr", "st", "usw", "vgl", "vs");
    private static final Pattern FENCE = Pattern.compile("^(```|~~~)\\s*([\\w+.-]*).*$");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}(\\s.*)?$");
    private static final Pattern RULE_OR_UNDERLINE = Pattern.compile("^(=+|-{3,}|\\*{3,}|_{3,})$");
    private static final Pattern TABLE_SEPARATOR = Pattern.compile("^\\|?[\\s:|-]*-[\\s:|-]*$");
    private static final Pattern LIST_ITEM = Pattern.compile("^(?:[-*+•]|\\d{1,3}[.)])\\s+(.*)$");
    private static final Pattern QUOTE = Pattern.compile("^>+\\s*");
    private static final Pattern IMAGE = Pattern.compile("!\\[[^\\]]*]\\([^)]*\\)");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)]\\([^)\\s]*(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern ANCHOR = Pattern.compile("\\{#[\\w-]+}");

    private Passages() {}

    static List<Unit> split(int source, String text, Locale locale) {
        return new Splitter(source, locale).run(text == null ? "" : text);
    }

    private static final class Splitter {
        private final int source;
        private final BreakIterator sentences;
        private final List<Unit> units = new ArrayList<>();
        private final StringBuilder paragraph = new StringBuilder();
        private boolean paragraphIsItem;
        private int paragraphLine;
        /** The last unit may take the next code block: nothing but blank lines came in between. */
        private boolean codeMayAttach;

        Splitter(int source, Locale locale) {
            this.source = source;
            this.sentences = BreakIterator.getSentenceInstance(locale);
        }

        List<Unit> run(String text) {
            String[] lines = text.lines().toArray(String[]::new);
            boolean inCode = startsInsideCode(lines);
            // A chunk cut out of the middle of a code block: what precedes its closing fence has lost its context.
            boolean discardCode = inCode;
            List<String> code = new ArrayList<>();
            String codeLanguage = "";
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                // Cheap first-character tests before each pattern: this runs on every line of every chunk.
                char first = line.isEmpty() ? ' ' : line.charAt(0);
                Matcher fence = first == '`' || first == '~' ? FENCE.matcher(line) : null;
                if (fence != null && fence.matches()) {
                    if (inCode) {
                        if (!discardCode) code(code, codeLanguage);
                        discardCode = false;
                        code.clear();
                        inCode = false;
                    } else {
                        flush();
                        inCode = true;
                        codeLanguage = fence.group(2);
                    }
                    continue;
                }
                if (inCode) {
                    code.add(lines[i].stripTrailing());
                    continue;
                }
                if (line.isEmpty()) {
                    flush();
                    continue;
                }
                if (first == '#' && HEADING.matcher(line).matches()) {
                    flush();
                    codeMayAttach = false;
                    continue;
                }
                if ("=-*_".indexOf(first) >= 0 && RULE_OR_UNDERLINE.matcher(line).matches()) {
                    // Under a paragraph line, === or --- makes that line a heading: drop it.
                    if (!paragraph.isEmpty() && !paragraphIsItem) paragraph.setLength(0);
                    flush();
                    codeMayAttach = false;
                    continue;
                }
                if (line.startsWith("|")) {
                    flush();
                    if (TABLE_SEPARATOR.matcher(line).matches()) {
                        // The row just above a separator is the header: its cells name columns, they answer nothing.
                        if (!units.isEmpty() && units.getLast().kind == Kind.ROW && units.getLast().line == i - 1) units.removeLast();
                    } else {
                        row(line, i);
                    }
                    codeMayAttach = false;
                    continue;
                }
                Matcher item = "-*+•".indexOf(first) >= 0 || Character.isDigit(first) ? LIST_ITEM.matcher(line) : null;
                if (item != null && item.matches()) {
                    flush();
                    paragraphIsItem = true;
                    paragraphLine = i;
                    paragraph.append(item.group(1));
                    continue;
                }
                if (paragraph.isEmpty()) paragraphLine = i;
                else paragraph.append(' ');
                paragraph.append(first == '>' ? QUOTE.matcher(line).replaceFirst("") : line);
            }
            flush();
            if (inCode && !discardCode) code(code, codeLanguage);
            markUnusable();
            return units;
        }

        /**
         * An odd number of fences means the chunk was cut inside a code block, at its start or its
         * end. At its start when the first fence looks like a closing one: bare, after some text
         * that does not introduce it with ":", and the last fence is not an opening "```lang".
         */
        private static boolean startsInsideCode(String[] lines) {
            int fences = 0;
            int first = -1;
            int last = -1;
            String before = "";
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.startsWith("```") || line.startsWith("~~~")) {
                    if (first < 0) first = i;
                    last = i;
                    fences++;
                } else if (first < 0 && !line.isEmpty()) {
                    before = line;
                }
            }
            if (fences % 2 == 0 || before.isEmpty() || before.endsWith(":")) return false;
            return lines[first].strip().length() == 3 && lines[last].strip().length() == 3;
        }

        private void flush() {
            if (paragraph.isEmpty()) {
                paragraphIsItem = false;
                return;
            }
            String text = clean(paragraph.toString());
            paragraph.setLength(0);
            Kind kind = paragraphIsItem ? Kind.ITEM : Kind.SENTENCE;
            paragraphIsItem = false;
            int before = units.size();
            sentences.setText(text);
            boolean[] inCode = inlineCode(text);
            int start = sentences.first();
            for (int end = sentences.next(); end != BreakIterator.DONE; end = sentences.next()) {
                // Not inside `code` ("in `./data`" is no sentence end) and only before white space.
                if (end < text.length() && (inCode[end - 1] || !Character.isWhitespace(text.charAt(end - 1))
                        || abbreviationBefore(text, end))) {
                    continue;
                }
                String sentence = text.substring(start, end).strip();
                start = end;
                if (sentence.isEmpty()) continue;
                Unit unit = new Unit(source, units.size(), kind, sentence, paragraphLine);
                unit.continuation = units.size() == before && kind == Kind.SENTENCE && Character.isLowerCase(sentence.charAt(0));
                units.add(unit);
            }
            codeMayAttach = units.size() > before;
        }

        /** "z. B. PDF", "e. g. Word", "ca. 5": a period after one letter or a known abbreviation ends no sentence. */
        private static boolean abbreviationBefore(String text, int end) {
            int dot = end - 1;
            while (dot >= 0 && Character.isWhitespace(text.charAt(dot))) dot--;
            if (dot < 1 || text.charAt(dot) != '.') return false;
            int start = dot;
            while (start > 0 && Character.isLetter(text.charAt(start - 1))) start--;
            int letters = dot - start;
            return letters == 1 || letters > 0 && ABBREVIATIONS.contains(Language.fold(text.substring(start, dot)));
        }

        /** Which characters lie inside a `code span` (backticks included); nothing when they are unbalanced. */
        private static boolean[] inlineCode(String text) {
            boolean[] inside = new boolean[text.length()];
            int open = -1;
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) != '`') continue;
                if (open < 0) {
                    open = i;
                } else {
                    for (int k = open; k <= i; k++) inside[k] = true;
                    open = -1;
                }
            }
            return inside;
        }

        private void row(String line, int index) {
            String inner = line.substring(1);
            if (inner.endsWith("|")) inner = inner.substring(0, inner.length() - 1);
            List<String> cells = new ArrayList<>();
            for (String cell : inner.split("\\|")) {
                String cleaned = clean(cell);
                if (!cleaned.isEmpty() && !cleaned.matches("[-–—]+")) cells.add(cleaned);
            }
            if (cells.isEmpty()) return;
            String text = cells.size() == 1 ? cells.getFirst()
                    : cells.getFirst() + ": " + String.join(" – ", cells.subList(1, cells.size()));
            units.add(new Unit(source, units.size(), Kind.ROW, text, index));
        }

        private void code(List<String> lines, String language) {
            List<String> kept = dedent(lines);
            if (kept.isEmpty()) return;
            Unit last = units.isEmpty() ? null : units.getLast();
            if (codeMayAttach && last != null && last.code.isEmpty() && (last.kind == Kind.SENTENCE || last.kind == Kind.ITEM)) {
                if (kept.size() <= MAX_CODE_LINES && String.join("\n", kept).length() <= MAX_UNIT_CHARS) {
                    last.code = List.copyOf(kept);
                    last.codeLanguage = language;
                }
            } else {
                Unit unit = new Unit(source, units.size(), Kind.CODE, "", -1);
                unit.code = List.copyOf(kept);
                unit.codeLanguage = language;
                // Code nobody introduced says nothing to a visitor on its own.
                unit.usable = false;
                units.add(unit);
            }
            codeMayAttach = false;
        }

        private static List<String> dedent(List<String> lines) {
            int from = 0;
            int to = lines.size();
            while (from < to && lines.get(from).isBlank()) from++;
            while (to > from && lines.get(to - 1).isBlank()) to--;
            int indent = Integer.MAX_VALUE;
            for (String line : lines.subList(from, to)) {
                if (line.isBlank()) continue;
                int spaces = 0;
                while (spaces < line.length() && line.charAt(spaces) == ' ') spaces++;
                indent = Math.min(indent, spaces);
            }
            List<String> kept = new ArrayList<>();
            for (String line : lines.subList(from, to)) kept.add(line.isBlank() ? "" : line.substring(indent));
            return kept;
        }

        private void markUnusable() {
            for (Unit unit : units) {
                int proseWords = words(unit.prose);
                int codeWords = 0;
                for (String line : unit.code) codeWords += words(line);
                unit.words = proseWords + codeWords;
                if (unit.kind != Kind.CODE && proseWords < MIN_PROSE_WORDS && unit.code.isEmpty()) unit.usable = false;
                if (unit.words > MAX_UNIT_WORDS || unit.prose.length() > MAX_UNIT_CHARS || unit.prose.endsWith("?")) unit.usable = false;
                // The tail of a sentence whose start is elsewhere: the chunker's overlap cut at a word
                // (first in the chunk), or the text after a command (taken only with its introduction).
                if (unit.continuation) unit.usable = false;
            }
        }
    }

    /** White-space separated words, as a reader counts them. */
    static int words(String text) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) words++;
            inWord = !space;
        }
        return words;
    }

    /** Removes Markdown syntax outside inline code: images, link targets, emphasis, heading anchors. */
    static String clean(String text) {
        if (text.indexOf('`') < 0) return collapse(tidy(text));
        String[] parts = text.split("`", -1);
        if (parts.length % 2 == 0) return collapse(tidy(text));
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) out.append('`');
            out.append(i % 2 == 0 ? tidy(parts[i]) : parts[i]);
        }
        return collapse(out.toString());
    }

    private static String tidy(String text) {
        // Each pattern only where its syntax occurs: this runs on every chunk of every answer.
        String result = text;
        if (result.contains("![")) result = IMAGE.matcher(result).replaceAll("");
        if (result.contains("](")) result = LINK.matcher(result).replaceAll("$1");
        result = result.replace("**", "").replace("__", "");
        if (result.contains("{#")) result = ANCHOR.matcher(result).replaceAll("");
        return result;
    }

    /** Runs of white space as one space, none at either end. */
    static String collapse(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                space = !out.isEmpty();
            } else {
                if (space) out.append(' ');
                space = false;
                out.append(c);
            }
        }
        return out.toString();
    }
}
