package dev.parley.console.dashboard;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import dev.parley.analytics.Dashboard;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.util.Locale;

/** The range's headline numbers as a row of cards. */
final class Kpis {

    private Kpis() {}

    static Div of(Dashboard d) {
        Dashboard.Totals t = d.totals();
        Div row = new Div(
                card(number(t.conversations()), "Conversations", number(t.visitors()) + " unique visitors"),
                card(number(t.questions() + t.answers()), "Messages", number(t.questions()) + " questions, " + number(t.answers()) + " answers"),
                card(percent(t.answeredRate()), "Answered", number(t.unanswered()) + " unanswered"),
                card(percent(t.thumbsUpRate()), "Thumbs up", number(t.thumbsUp()) + " up, " + number(t.thumbsDown()) + " down"),
                card(t.medianFirstTokenMs() == null ? "–" : number(t.medianFirstTokenMs()) + " ms", "Median first token", "time until the answer starts"),
                card(number(t.tokens()), "LLM tokens", "≈ " + cost(d) + " estimated"));
        row.addClassName("parley-kpis");
        return row;
    }

    static String number(long value) {
        return NumberFormat.getIntegerInstance(Locale.ENGLISH).format(value);
    }

    static String percent(Double rate) {
        return rate == null ? "–" : Math.round(rate * 100) + "%";
    }

    static String cost(Dashboard d) {
        return d.currency() + " " + d.totals().estimatedCost().setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private static Div card(String value, String label, String detail) {
        Span big = new Span(value);
        big.addClassName("parley-kpi-value");
        Span name = new Span(label);
        name.addClassName("parley-kpi-label");
        Span small = new Span(detail);
        small.addClassName("parley-secondary");
        Div card = new Div(big, name, small);
        card.addClassNames("parley-card", "parley-kpi");
        return card;
    }
}
