package dev.parley.knowledge.parsing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDDocumentOutline;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineItem;
import org.apache.pdfbox.pdmodel.interactive.documentnavigation.outline.PDOutlineNode;

/**
 * A PDF's outline (bookmarks) as heading paths by page: PDFs rarely mark headings in their text,
 * but most generated ones (LaTeX, Word, DocBook) carry an outline pointing at the pages.
 */
final class PdfOutline {

    record Entry(int page, String title, List<String> path) {}

    static final int MAX_ENTRIES = 5_000;
    static final int MAX_DEPTH = 6;

    private PdfOutline() {}

    /** Empty when the PDF has no outline or it cannot be read; the text is then still indexed by page. */
    static List<Entry> read(Path pdf) {
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            PDDocumentOutline outline = doc.getDocumentCatalog().getDocumentOutline();
            if (outline == null) return List.of();
            Map<COSDictionary, Integer> pages = new IdentityHashMap<>();
            int n = 0;
            for (PDPage page : doc.getPages()) pages.put(page.getCOSObject(), ++n);
            List<Entry> entries = new ArrayList<>();
            walk(doc, outline, new ArrayList<>(), pages, entries, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
            entries.sort(Comparator.comparingInt(Entry::page)); // stable: document order within a page
            return entries;
        } catch (IOException | RuntimeException e) {
            return List.of(); // encrypted or damaged: Tika reports that with a better message
        }
    }

    private static void walk(PDDocument doc, PDOutlineNode node, List<String> path, Map<COSDictionary, Integer> pages,
                             List<Entry> out, Set<COSDictionary> seen) throws IOException {
        if (path.size() >= MAX_DEPTH) return;
        for (PDOutlineItem item : node.children()) {
            if (out.size() >= MAX_ENTRIES || !seen.add(item.getCOSObject())) return; // loops in hostile outlines
            String title = item.getTitle() == null ? "" : SectionHandler.normalize(item.getTitle());
            if (title.length() > SectionHandler.MAX_HEADING_CHARS) title = title.substring(0, SectionHandler.MAX_HEADING_CHARS);
            List<String> itemPath = new ArrayList<>(path);
            if (!title.isEmpty()) {
                itemPath.add(title);
                PDPage page = item.findDestinationPage(doc);
                Integer number = page == null ? null : pages.get(page.getCOSObject());
                if (number != null) out.add(new Entry(number, title, List.copyOf(itemPath)));
            }
            walk(doc, item, itemPath, pages, out, seen);
        }
    }
}
