package dev.parley.knowledge.parsing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xml.sax.helpers.AttributesImpl;

/** The XHTML-to-sections rules on hand-made events, without Tika. */
class SectionHandlerTest {

    final SectionHandler handler = new SectionHandler(List.of(
            new PdfOutline.Entry(1, "1 Introduction", List.of("1 Introduction")),
            new PdfOutline.Entry(2, "1.1 Scope", List.of("1 Introduction", "1.1 Scope")),
            new PdfOutline.Entry(2, "Not printed anywhere", List.of("1 Introduction", "Not printed anywhere"))), () -> 0);

    @Test
    void pdfPagesSplitWhereALineStartsWithABookmarkTitle() {
        page(() -> {
            p("Cover text before any heading.");
            p("1 Introduction");
            p("Welcome.");
        });
        page(() -> {
            p("End of the introduction.");
            p("1.1 Scope of this text");
            p("What is covered.");
        });
        page(() -> p("Third page."));
        handler.finish();
        assertThat(handler.sections()).extracting(Section::page, Section::headingLabel, Section::text).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, "", "Cover text before any heading."),
                org.assertj.core.groups.Tuple.tuple(1, "1 Introduction", "1 Introduction\nWelcome."),
                org.assertj.core.groups.Tuple.tuple(2, "1 Introduction", "End of the introduction."),
                org.assertj.core.groups.Tuple.tuple(2, "1 Introduction › 1.1 Scope", "1.1 Scope of this text\nWhat is covered."),
                // a bookmark whose title is not in the page's text starts at the next page
                org.assertj.core.groups.Tuple.tuple(3, "1 Introduction › Not printed anywhere", "Third page."));
    }

    @Test
    void tooManySectionsEndInOneLastSection() {
        SectionHandler many = new SectionHandler(List.of(), () -> 0);
        for (int i = 0; i < SectionHandler.MAX_SECTIONS + 500; i++) {
            element(many, "h2", "Heading " + i);
            element(many, "p", "Text " + i);
        }
        many.finish();
        assertThat(many.sections()).hasSize(SectionHandler.MAX_SECTIONS);
        assertThat(many.sections().getLast().text()).startsWith("Text " + (SectionHandler.MAX_SECTIONS - 1)).endsWith("Text "
                + (SectionHandler.MAX_SECTIONS + 499));
    }

    void page(Runnable body) {
        AttributesImpl attributes = new AttributesImpl();
        attributes.addAttribute("", "class", "class", "CDATA", "page");
        handler.startElement("", "div", "div", attributes);
        body.run();
        handler.endElement("", "div", "div");
    }

    void p(String text) {
        element(handler, "p", text);
    }

    static void element(SectionHandler target, String name, String text) {
        target.startElement("", name, name, new AttributesImpl());
        target.characters(text.toCharArray(), 0, text.length());
        target.endElement("", name, name);
    }
}
