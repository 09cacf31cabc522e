package dev.parley.knowledge.parsing;

import java.util.List;

/**
 * A run of text under one heading path, on one page when the format has pages. Citations point
 * at the heading path, the page and, for web pages, the nearest anchor.
 */
public record Section(List<String> headingPath, Integer page, String anchor, String text) {
    public Section {
        headingPath = List.copyOf(headingPath);
    }

    public String headingLabel() {
        return String.join(" › ", headingPath);
    }
}
