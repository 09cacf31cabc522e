package dev.parley.retrieval;

/** Where a passage comes from, as the visitor sees it: title, section path, page, link with anchor. */
public record Citation(String title, String section, Integer page, String url) {

    static Citation of(String title, String section, Integer page, String sourceUrl, String anchor) {
        String url = sourceUrl == null || sourceUrl.isBlank() ? null
                : anchor == null || anchor.isBlank() || sourceUrl.contains("#") ? sourceUrl : sourceUrl + "#" + anchor;
        return new Citation(title, section == null ? "" : section, page, url);
    }
}
