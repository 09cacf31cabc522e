package dev.parley.console.conversations;

import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AnchorTarget;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.OrderedList;
import com.vaadin.flow.component.html.Span;
import dev.parley.chat.ChatMessage;
import dev.parley.chat.SourceRef;
import java.util.Locale;

/**
 * One message of a transcript. Content is set as text, never as HTML, so whatever a visitor or a
 * model wrote shows literally. Answers carry mode, timings, tokens, rating and their sources.
 */
class MessageCard extends Div {

    MessageCard(ChatMessage m) {
        addClassNames("parley-message", m.fromAssistant() ? "parley-message-bot" : "parley-message-visitor");
        Span who = new Span(m.fromAssistant() ? "Bot" : "Visitor");
        who.addClassName("parley-message-who");
        Span when = new Span(ConversationLabels.WHEN.format(m.createdAt()));
        when.addClassName("parley-secondary");
        Div head = new Div(who, when);
        head.addClassName("parley-message-head");
        Div text = new Div();
        text.setText(m.content());
        text.addClassName("parley-message-text");
        add(head, text);
        if (!m.fromAssistant()) return;

        Div facts = new Div();
        facts.addClassName("parley-message-facts");
        if (m.mode() != null) facts.add(ConversationLabels.modeBadge(m.mode()));
        facts.add(fact("First token " + ConversationLabels.millis(m.firstTokenMs())),
                fact("Total " + ConversationLabels.millis(m.totalMs())),
                fact("Tokens " + tokens(m.promptTokens()) + " in / " + tokens(m.completionTokens()) + " out"));
        if (m.model() != null) facts.add(fact("Model " + m.model()));
        if (!m.complete()) facts.add(fact("Interrupted"));
        if (m.rating() != null) facts.add(fact(m.rating() > 0 ? "👍 Helpful" : "👎 Not helpful"));
        add(facts);
        if (!m.sources().isEmpty()) add(sources(m));
    }

    private static Details sources(ChatMessage m) {
        OrderedList list = new OrderedList();
        list.addClassName("parley-sources");
        for (SourceRef s : m.sources()) {
            ListItem item = new ListItem();
            String label = "[" + s.n() + "] " + s.title() + (s.section() == null || s.section().isBlank() ? "" : " § " + s.section())
                    + (s.page() == null ? "" : ", page " + s.page());
            if (s.url() != null && (s.url().startsWith("https://") || s.url().startsWith("http://"))) {
                Anchor link = new Anchor(s.url(), label, AnchorTarget.BLANK);
                link.getElement().setAttribute("rel", "noopener noreferrer");
                item.add(link);
            } else {
                item.add(new Span(label));
            }
            Span score = new Span(String.format(Locale.ENGLISH, "score %.3f", s.score()));
            score.addClassName("parley-secondary");
            item.add(new Span(" "), score);
            list.add(item);
        }
        Details details = new Details("Sources (" + m.sources().size() + ")", list);
        details.addClassName("parley-sources-details");
        return details;
    }

    private static Span fact(String text) {
        Span span = new Span(text);
        span.addClassName("parley-fact");
        return span;
    }

    private static String tokens(Integer n) {
        return n == null ? "–" : String.format(Locale.ENGLISH, "%,d", n);
    }
}
