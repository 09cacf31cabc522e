package dev.parley.knowledge.parsing;

import java.util.List;

/** What a parser extracted: an optional title found in the file and its text in sections. */
public record ParsedDocument(String title, List<Section> sections) {
    public ParsedDocument {
        sections = List.copyOf(sections);
    }

    public int totalChars() {
        return sections.stream().mapToInt(s -> s.text().length()).sum();
    }
}
