package dev.parley.knowledge.parsing;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;
import org.xml.sax.Attributes;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Turns Tika's XHTML events into sections: h1–h6 build the heading path, {@code <div class="page">}
 * (PDF) and {@code <div class="slide-content">} (PPTX) count pages, paragraphs, list items and
 * table rows become lines, and an HTML {@code id} on or just before a heading becomes its anchor.
 * For PDFs, which have no heading elements, the outline (bookmarks) supplies the heading path.
 */
final class SectionHandler extends DefaultHandler {

    /** More sections than this would mean tiny chunks by the thousand; later text joins the last one. */
    static final int MAX_SECTIONS = 10_000;
    static final int MAX_HEADING_CHARS = 200;

    private static final java.util.Set<String> SKIPPED = java.util.Set.of("head", "title", "script", "style");
    private static final java.util.Set<String> BLOCKS = java.util.Set.of("p", "div", "li", "tr", "br", "ul", "ol", "table",
            "dd", "dt", "blockquote", "pre", "section", "article", "caption", "tbody", "thead");

    private final List<Section> sections = new ArrayList<>();
    private final List<PdfOutline.Entry> outline;
    private final IntSupplier embeddedDepth;
    private List<String> path = new ArrayList<>();
    private String anchor;
    private Integer page;
    private final StringBuilder body = new StringBuilder();
    private final StringBuilder line = new StringBuilder();
    private StringBuilder heading;
    private int headingLevel;
    private String headingAnchor;
    private String pendingAnchor;
    private int skipDepth;
    private int cellDepth;
    private boolean rowHasCell;
    private int outlineNext;
    /** Per open div: whether it started a page (so its end is known) or an embedded document. */
    private final Deque<String> divs = new ArrayDeque<>();
    private final Deque<List<String>> savedPaths = new ArrayDeque<>();

    SectionHandler(List<PdfOutline.Entry> outline, IntSupplier embeddedDepth) {
        this.outline = outline;
        this.embeddedDepth = embeddedDepth;
    }

    List<Section> sections() {
        return sections;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) {
        String name = (localName == null || localName.isEmpty() ? qName : localName).toLowerCase(Locale.ROOT);
        if (SKIPPED.contains(name)) {
            skipDepth++;
            return;
        }
        String id = atts.getValue("id");
        if (id == null && "a".equals(name)) id = atts.getValue("name");
        if (id != null && !id.isBlank()) {
            id = cap(id.strip());
            if (heading != null && headingAnchor == null) headingAnchor = id;
            else if (lineIsBlank()) pendingAnchor = id;
        }
        int level = headingLevel(name);
        if (level > 0 && cellDepth == 0) {
            endLine();
            heading = new StringBuilder();
            headingLevel = level;
            headingAnchor = id != null ? id : pendingAnchor;
            return;
        }
        switch (name) {
            case "div" -> startDiv(atts.getValue("class"));
            case "td", "th" -> {
                if (rowHasCell && cellDepth == 0) line.append(" | ");
                rowHasCell = true;
                cellDepth++;
            }
            case "tr" -> {
                endLine();
                rowHasCell = false;
            }
            default -> block(name);
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
        String name = (localName == null || localName.isEmpty() ? qName : localName).toLowerCase(Locale.ROOT);
        if (SKIPPED.contains(name)) {
            skipDepth = Math.max(0, skipDepth - 1);
            return;
        }
        if (heading != null && headingLevel(name) == headingLevel) {
            endHeading();
            return;
        }
        switch (name) {
            case "div" -> endDiv();
            case "td", "th" -> cellDepth = Math.max(0, cellDepth - 1);
            default -> block(name);
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
        if (skipDepth > 0) return;
        if (heading != null) {
            if (heading.length() < MAX_HEADING_CHARS) heading.append(ch, start, Math.min(length, MAX_HEADING_CHARS));
        } else {
            line.append(ch, start, length);
        }
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) {
        characters(ch, start, length);
    }

    @Override
    public void endDocument() {
        finish();
    }

    /** Also called when the write limit stopped the parse halfway. */
    void finish() {
        if (heading != null) endHeading();
        endLine();
        endSection(true);
    }

    private void startDiv(String cssClass) {
        String kind = "";
        if (("page".equals(cssClass) || "slide-content".equals(cssClass)) && embeddedDepth.getAsInt() == 0) {
            endLine();
            endSection();
            page = page == null ? 1 : page + 1;
            kind = "page";
        } else if ("package-entry".equals(cssClass)) {
            // An embedded document's headings apply inside it only.
            endLine();
            savedPaths.push(new ArrayList<>(path));
            kind = "embedded";
        } else {
            block("div");
        }
        divs.push(kind);
    }

    private void endDiv() {
        String kind = divs.isEmpty() ? "" : divs.pop();
        endLine();
        if ("page".equals(kind)) {
            endSection();
            // Outline entries of this page whose title was not found in its text start on the next page.
            while (outlineNext < outline.size() && outline.get(outlineNext).page() <= page) applyOutline(outline.get(outlineNext++));
        } else if ("embedded".equals(kind) && !savedPaths.isEmpty()) {
            endSection();
            path = savedPaths.pop();
        }
    }

    private void block(String name) {
        if (!BLOCKS.contains(name)) return;
        if (cellDepth > 0) {
            if (!line.isEmpty()) line.append(' ');
        } else {
            endLine();
        }
    }

    private void endHeading() {
        String text = normalize(heading.toString());
        int level = headingLevel;
        String id = headingAnchor;
        heading = null;
        headingAnchor = null;
        pendingAnchor = null;
        if (text.isEmpty()) return;
        endSection();
        while (path.size() >= level) path.removeLast();
        path.add(text);
        anchor = id;
    }

    private void endLine() {
        String text = normalize(line.toString());
        line.setLength(0);
        if (text.isEmpty()) return;
        pendingAnchor = null;
        if (page != null) matchOutline(text);
        body.append(text).append('\n');
    }

    /** A PDF line that starts with the title of an outline entry on this page starts that section. */
    private void matchOutline(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (int i = outlineNext; i < outline.size() && outline.get(i).page() <= page; i++) {
            PdfOutline.Entry entry = outline.get(i);
            if (entry.page() == page && lower.startsWith(entry.title().toLowerCase(Locale.ROOT))) {
                endSection();
                applyOutline(entry);
                outlineNext = i + 1;
                return;
            }
        }
    }

    private void applyOutline(PdfOutline.Entry entry) {
        path = new ArrayList<>(entry.path());
        anchor = null;
    }

    private void endSection() {
        endSection(false);
    }

    private void endSection(boolean last) {
        if (!last && sections.size() >= MAX_SECTIONS - 1) return; // the rest of the text goes into one last section
        String text = body.toString().strip();
        body.setLength(0);
        if (!text.isEmpty()) sections.add(new Section(path, page, anchor, text));
    }

    private boolean lineIsBlank() {
        for (int i = 0; i < line.length(); i++) {
            if (!Character.isWhitespace(line.charAt(i))) return false;
        }
        return true;
    }

    private static int headingLevel(String name) {
        return name.length() == 2 && name.charAt(0) == 'h' && name.charAt(1) >= '1' && name.charAt(1) <= '6' ? name.charAt(1) - '0' : 0;
    }

    static String normalize(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    private static String cap(String s) {
        return s.length() <= MAX_HEADING_CHARS ? s : s.substring(0, MAX_HEADING_CHARS);
    }
}
