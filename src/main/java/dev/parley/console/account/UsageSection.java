package dev.parley.console.account;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.progressbar.ProgressBar;
import dev.parley.analytics.UsageService;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.util.Locale;

/** Usage against the limits the operator set; a limit that is not set says so instead of a bar. */
final class UsageSection {

    private UsageSection() {}

    static Div of(UsageService.Usage u) {
        Div grid = new Div(
                meter("Messages today", u.messagesToday(), u.messagesPerDay() == null ? null : u.messagesPerDay().longValue(),
                        "no daily cap"),
                meter("LLM tokens this month", u.tokensThisMonth(), u.tokensPerMonth(), "no monthly budget"),
                plain("Messages this month", number(u.messagesThisMonth()), "visitor messages, all bots"),
                plain("Estimated LLM cost this month", u.currency() + " " + u.estimatedCostThisMonth().setScale(2, RoundingMode.HALF_UP)
                        .toPlainString(), "at the installation's token prices"));
        grid.addClassName("parley-usage");
        Paragraph note = new Paragraph("Days and months are UTC. Limits are set by whoever hosts Parley for you.");
        note.addClassName("parley-hint");
        Div card = new Div(new H3("Usage and limits"), grid, note);
        card.addClassName("parley-card");
        return card;
    }

    private static Div meter(String label, long used, Long limit, String unlimited) {
        if (limit == null) return plain(label, number(used), unlimited);
        ProgressBar bar = new ProgressBar(0, Math.max(1, limit), Math.min(used, Math.max(1, limit)));
        bar.getElement().setAttribute("aria-label", label);
        if (used >= limit) bar.addThemeName("error");
        Div box = new Div(new Span(number(used) + " of " + number(limit)), new Span(label), bar,
                secondary(used >= limit ? "limit reached" : number(limit - used) + " left"));
        box.addClassName("parley-stat");
        return box;
    }

    private static Div plain(String label, String value, String detail) {
        Div box = new Div(new Span(value), new Span(label), secondary(detail));
        box.addClassName("parley-stat");
        return box;
    }

    private static Span secondary(String text) {
        Span s = new Span(text);
        s.addClassName("parley-secondary");
        return s;
    }

    private static String number(long value) {
        return NumberFormat.getIntegerInstance(Locale.ENGLISH).format(value);
    }
}
