package dev.parley.console.knowledge;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import dev.parley.knowledge.KnowledgeChunk;
import dev.parley.knowledge.KnowledgeDocument;
import java.util.ArrayList;
import java.util.List;

/** The passages a document was cut into, as the bot retrieves them: text, heading path, page. */
class ChunksDialog extends Dialog {

    static final int SHOWN = 200; // a huge document would otherwise build thousands of components

    final List<Div> cards = new ArrayList<>();

    ChunksDialog(KnowledgeDocument doc, List<KnowledgeChunk> chunks) {
        setHeaderTitle(doc.title());
        setWidth("min(760px, 95vw)");
        Paragraph summary = new Paragraph(chunks.isEmpty()
                ? "No chunks yet. They appear when the document is Ready."
                : DocumentLabels.chunkCount(chunks.size()) + ", in the order of the document.");
        summary.addClassName("parley-lead");
        add(summary);
        for (KnowledgeChunk chunk : chunks.subList(0, Math.min(SHOWN, chunks.size()))) {
            Div card = card(chunk);
            cards.add(card);
            add(card);
        }
        if (chunks.size() > SHOWN) add(new Paragraph("… and " + (chunks.size() - SHOWN) + " more."));
        getFooter().add(new Button("Close", click -> close()));
    }

    static Div card(KnowledgeChunk chunk) {
        List<String> meta = new ArrayList<>();
        meta.add("#" + (chunk.ordinal() + 1));
        if (chunk.qa()) meta.add("Q&A");
        if (chunk.headingPath() != null && !chunk.headingPath().isBlank()) meta.add(chunk.headingPath());
        if (chunk.page() != null) meta.add("page " + chunk.page());
        return card(meta, chunk.content());
    }

    static Div card(List<String> meta, String content) {
        Span header = new Span(String.join(" · ", meta));
        header.addClassName("parley-chunk-meta");
        Div text = new Div(content);
        text.addClassName("parley-chunk-text");
        Div card = new Div(header, text);
        card.addClassName("parley-chunk");
        return card;
    }
}
