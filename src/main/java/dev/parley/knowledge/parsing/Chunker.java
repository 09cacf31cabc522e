package dev.parley.knowledge.parsing;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cuts sections into chunks of about {@code targetChars}, at sentence boundaries, never across a
 * section (so every chunk keeps one heading path and page), with about {@code overlapChars} of
 * the previous chunk's last sentences repeated so an answer split across a boundary is still found.
 */
public final class Chunker {

    /** A chunk before embedding. */
    public record Draft(String content, Section section) {}

    private final int targetChars;
    private final int overlapChars;

    public Chunker(int targetChars, int overlapChars) {
        if (targetChars < 200 || overlapChars < 0 || overlapChars >= targetChars / 2) {
            throw new IllegalArgumentException("chunk size " + targetChars + " / overlap " + overlapChars);
        }
        this.targetChars = targetChars;
        this.overlapChars = overlapChars;
    }

    public List<Draft> chunk(List<Section> sections, Locale locale) {
        List<Draft> drafts = new ArrayList<>();
        for (Section section : sections) {
            String text = section.text().strip();
            if (text.isEmpty()) continue;
            List<String> sentences = sentences(text, locale);
            StringBuilder current = new StringBuilder();
            for (String sentence : sentences) {
                if (!current.isEmpty() && current.length() + sentence.length() > targetChars) {
                    drafts.add(new Draft(current.toString().strip(), section));
                    current = new StringBuilder(overlapTail(current.toString()));
                }
                current.append(sentence);
            }
            if (!current.toString().isBlank()) drafts.add(new Draft(current.toString().strip(), section));
        }
        return drafts;
    }

    /** Sentences, with any sentence longer than the target cut at word boundaries. */
    private List<String> sentences(String text, Locale locale) {
        BreakIterator it = BreakIterator.getSentenceInstance(locale);
        it.setText(text);
        List<String> result = new ArrayList<>();
        int start = it.first();
        for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
            String sentence = text.substring(start, end);
            if (sentence.length() <= targetChars) {
                result.add(sentence);
            } else {
                splitLong(sentence, result);
            }
        }
        return result;
    }

    private void splitLong(String sentence, List<String> out) {
        int from = 0;
        while (from < sentence.length()) {
            int to = Math.min(sentence.length(), from + targetChars);
            if (to < sentence.length()) {
                // Look back half a chunk at most: an unbounded lastIndexOf makes a long line without spaces quadratic.
                int space = to;
                while (space > from + targetChars / 2 && sentence.charAt(space) != ' ') space--;
                if (space > from + targetChars / 2) to = space + 1;
            }
            out.add(sentence.substring(from, to));
            from = to;
        }
    }

    private String overlapTail(String chunk) {
        if (overlapChars == 0 || chunk.length() <= overlapChars) return "";
        String tail = chunk.substring(chunk.length() - overlapChars);
        int space = tail.indexOf(' ');
        return space >= 0 ? tail.substring(space + 1) : tail;
    }
}
