package dev.parley.knowledge;

/** A single page, a site crawled from a start page, or the pages a sitemap lists. */
public enum SourceKind {
    PAGE, SITE, SITEMAP
}
