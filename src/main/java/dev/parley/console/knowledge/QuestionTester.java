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
import dev.parley.knowledge.KnowledgeSearch;
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

    private final KnowledgeSearch search;
    private final Supplier<UUID> bot;

    QuestionTester(KnowledgeSearch search, Supplier<UUID> bot) {
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
        List<KnowledgeSearch.Match> matches = search.search(bot.get(), question.getValue(), RESULTS);
        if (matches.isEmpty()) {
            results.add(hint("Nothing matched. Add knowledge that covers it, or wait until the documents are Ready."));
            return;
        }
        for (KnowledgeSearch.Match match : matches) results.add(result(match));
    }

    private static Div result(KnowledgeSearch.Match match) {
        Badge score = new Badge(String.format(Locale.ENGLISH, "%.2f", match.score()));
        score.addThemeVariants(match.score() >= 0.6 ? BadgeVariant.SUCCESS : BadgeVariant.CONTRAST);
        score.getElement().setAttribute("title", "Similarity to the question; 1 would be identical");
        Span title = new Span(match.documentTitle());
        title.addClassName("parley-result-title");
        HorizontalLayout header = new HorizontalLayout(score, title);
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.setSpacing(true);
        Div card = ChunksDialog.card(match.chunk());
        card.addComponentAsFirst(header);
        card.addClassName("parley-result");
        card.getElement().setAttribute("title", "Click to show the whole passage");
        card.addClickListener(click -> card.getElement().getClassList().set("expanded", !card.hasClassName("expanded")));
        return card;
    }

    private static Paragraph hint(String text) {
        Paragraph p = new Paragraph(text);
        p.addClassName("parley-lead");
        return p;
    }
}
