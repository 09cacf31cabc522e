package dev.parley.console.knowledge;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.badge.BadgeVariant;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import dev.parley.retrieval.HybridSearch;
import dev.parley.retrieval.Passage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;

/** "Test a question": the passages the bot would answer from, best first, with their scores. */
class QuestionTester extends Div {

    static final int RESULTS = 5;

    final TextField question = new TextField();
    final Button ask = new Button("Search", VaadinIcon.SEARCH.create());
    final Div results = new Div();

    private final HybridSearch search;
    private final Supplier<UUID> bot;

    QuestionTester(HybridSearch search, Supplier<UUID> bot) {
        this.search = search;
        this.bot = bot;
        addClassNames("parley-card", "parley-tester");
        Paragraph lead = new Paragraph("Ask what a visitor might ask and see which passages the bot would answer from.");
        lead.addClassName("parley-lead");
        question.setAriaLabel("Question");
        question.setPlaceholder("e.g. How long does a refund take?");
        question.setClearButtonVisible(true);
        question.addKeyPressListener(Key.ENTER, enter -> run());
        ask.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        ask.addClickListener(click -> run());
        HorizontalLayout form = new HorizontalLayout(question, ask);
        form.setWidthFull();
        form.expand(question);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);
        results.addClassName("parley-results");
        add(new H3("Test a question"), lead, form, results);
    }

    void run() {
        results.removeAll();
        if (question.getValue().isBlank()) {
            results.add(hint("Type a question first."));
            return;
        }
        List<Passage> matches = search.search(bot.get(), question.getValue(), RESULTS);
        if (matches.isEmpty()) {
            results.add(hint("Nothing matched. Add knowledge that covers it, or wait until the documents are Ready."));
            return;
        }
        for (Passage match : matches) results.add(result(match));
    }

    private static Div result(Passage match) {
        Badge score = new Badge(String.format(Locale.ENGLISH, "%.2f", match.similarity()));
        score.addThemeVariants(match.evidence() ? BadgeVariant.SUCCESS : BadgeVariant.CONTRAST);
        score.getElement().setAttribute("title", match.evidence() ? "Similarity to the question; 1 would be identical"
                : "Similarity to the question: too low to count as evidence for an answer");
        Span title = new Span(match.citation().title());
        title.addClassName("parley-result-title");
        HorizontalLayout header = new HorizontalLayout(score, title);
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.setSpacing(true);
        Div card = ChunksDialog.card(meta(match), match.content());
        card.addComponentAsFirst(header);
        card.addClassName("parley-result");
        card.getElement().setAttribute("title", "Click to show the whole passage");
        card.addClickListener(click -> card.getElement().getClassList().set("expanded", !card.hasClassName("expanded")));
        return card;
    }

    /** How the passage was found, so an editor can see why it ranks where it does. */
    private static List<String> meta(Passage match) {
        List<String> meta = new ArrayList<>();
        if (match.curated()) meta.add("Curated answer");
        if (!match.citation().section().isBlank()) meta.add(match.citation().section());
        if (match.citation().page() != null) meta.add("page " + match.citation().page());
        meta.add(match.vectorRank() == null ? "no vector match" : "meaning #" + match.vectorRank());
        meta.add(match.textRank() == null ? "no word match" : "words #" + match.textRank());
        return meta;
    }

    private static Paragraph hint(String text) {
        Paragraph p = new Paragraph(text);
        p.addClassName("parley-lead");
        return p;
    }
}
