package dev.parley.chat.answer;

import java.util.List;

/**
 * An answer made of the documents' own sentences.
 *
 * @param text         Markdown: sentences with {@code [n]} markers, possibly a code block; when
 *                     nothing was found, a plain sentence in the bot's language the caller may replace
 * @param citedNumbers the evidence numbers the text cites, in the order they appear
 * @param found        false when the evidence held nothing that answers the question
 */
public record ExtractiveAnswer(String text, List<Integer> citedNumbers, boolean found) {
    public ExtractiveAnswer {
        citedNumbers = List.copyOf(citedNumbers);
    }
}
