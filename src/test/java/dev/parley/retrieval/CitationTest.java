package dev.parley.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CitationTest {

    @Test
    void webPagesLinkToTheSectionsAnchor() {
        assertThat(Citation.of("Pricing", "Plans › Team", null, "https://example.com/pricing", "team").url())
                .isEqualTo("https://example.com/pricing#team");
        assertThat(Citation.of("Pricing", "", null, "https://example.com/pricing#top", "team").url())
                .as("a URL that has a fragment keeps it").isEqualTo("https://example.com/pricing#top");
    }

    @Test
    void uploadsHaveNoLinkButKeepTheirPage() {
        Citation c = Citation.of("Manual.pdf", null, 12, null, "intro");
        assertThat(c.url()).isNull();
        assertThat(c.page()).isEqualTo(12);
        assertThat(c.section()).isEmpty();
    }
}
