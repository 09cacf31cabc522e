package dev.parley.console.dashboard;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import dev.parley.analytics.Dashboard;
import dev.parley.analytics.DashboardService;
import dev.parley.console.bots.BotsView;
import dev.parley.console.knowledge.KnowledgeView;
import dev.parley.console.support.FieldErrors;
import dev.parley.console.support.TimeChart;
import dev.parley.tenancy.Bot;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.InvalidInputException;
import jakarta.annotation.security.RolesAllowed;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How the bots are doing: traffic, answers, ratings, speed and cost per day, and what visitors ask most. */
@Route("dashboard")
@PageTitle("Dashboard · Parley")
@RolesAllowed({"OWNER", "ADMIN"})
@StyleSheet("context://styles/analytics.css")
public class DashboardView extends Div {

    /** The ranges users pick most; anything else is typed into the date fields. */
    enum Range {
        LAST_7("Last 7 days", 7), LAST_30("Last 30 days", 30), LAST_90("Last 90 days", 90), CUSTOM("Custom", 0);

        final String label;
        final int days;

        Range(String label, int days) {
            this.label = label;
            this.days = days;
        }
    }

    final Select<Optional<Bot>> bot = new Select<>();
    final Select<Range> range = new Select<>();
    final DatePicker from = new DatePicker("From");
    final DatePicker to = new DatePicker("To");
    final Div formError = new Div();
    final Div results = new Div();
    final List<TimeChart> charts = new ArrayList<>();
    final Grid<Dashboard.TopQuestion> topQuestions = new Grid<>();
    Dashboard shown;

    private final DashboardService dashboards;
    private final FieldErrors errors;
    private boolean settingRange;

    public DashboardView(DashboardService dashboards, BotService bots) {
        this.dashboards = dashboards;
        addClassNames("parley-page", "parley-dashboard");
        Paragraph lead = new Paragraph("How your bots are doing, per UTC day. Numbers come from daily totals kept as visitors chat.");
        lead.addClassName("parley-lead");

        List<Optional<Bot>> choices = new ArrayList<>();
        choices.add(Optional.empty());
        bots.list().forEach(b -> choices.add(Optional.of(b)));
        bot.setLabel("Bot");
        bot.setItems(choices);
        bot.setItemLabelGenerator(b -> b.map(Bot::name).orElse("All bots"));
        bot.setValue(Optional.empty());
        range.setLabel("Range");
        range.setItems(Range.values());
        range.setItemLabelGenerator(r -> r.label);
        formError.addClassName("parley-form-error");
        errors = new FieldErrors(formError, Map.of("from", from, "to", to));

        bot.addValueChangeListener(change -> refresh());
        range.addValueChangeListener(change -> {
            if (change.getValue() != Range.CUSTOM) applyRange(change.getValue());
        });
        from.addValueChangeListener(change -> customDates());
        to.addValueChangeListener(change -> customDates());

        HorizontalLayout filters = new HorizontalLayout(bot, range, from, to);
        filters.setWrap(true);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        filters.addClassName("parley-filters");
        add(new H2("Dashboard"), lead, filters, formError, results);

        topQuestions.addColumn(Dashboard.TopQuestion::question).setHeader("Question").setFlexGrow(4);
        topQuestions.addColumn(Dashboard.TopQuestion::asked).setHeader("Asked").setAutoWidth(true).setFlexGrow(0);
        topQuestions.addColumn(q -> q.unanswered() == 0 ? "–" : String.valueOf(q.unanswered())).setHeader("Unanswered")
                .setAutoWidth(true).setFlexGrow(0);
        topQuestions.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_NO_BORDER);
        topQuestions.setAllRowsVisible(true);

        range.setValue(Range.LAST_30);
    }

    private void applyRange(Range choice) {
        LocalDate[] days = DashboardService.lastDays(choice.days);
        settingRange = true;
        try {
            from.setValue(days[0]);
            to.setValue(days[1]);
        } finally {
            settingRange = false;
        }
        refresh();
    }

    private void customDates() {
        if (settingRange) return;
        range.setValue(Range.CUSTOM);
        refresh();
    }

    void refresh() {
        errors.clear();
        results.removeAll();
        charts.clear();
        try {
            shown = dashboards.load(bot.getValue().map(Bot::id).orElse(null), from.getValue(), to.getValue());
        } catch (InvalidInputException e) {
            shown = null;
            errors.show(e);
            return;
        }
        if (shown.isEmpty()) {
            results.add(emptyState());
            return;
        }
        results.add(Kpis.of(shown));
        Div grid = new Div(card("Conversations and visitors", DashboardCharts.traffic(shown)),
                card("Answered and unanswered", DashboardCharts.answered(shown)),
                card("Thumbs up and down", DashboardCharts.feedback(shown)),
                card("Median time to first token", DashboardCharts.firstToken(shown)),
                card("LLM tokens", DashboardCharts.tokens(shown)));
        grid.addClassName("parley-chart-grid");
        topQuestions.setItems(shown.topQuestions());
        Div top = new Div(new H3("Top questions"), topQuestions);
        top.addClassName("parley-card");
        results.add(grid, top);
    }

    private Div card(String title, TimeChart.Spec spec) {
        TimeChart chart = DashboardCharts.chart(spec);
        charts.add(chart);
        Div card = new Div(new H3(title), chart);
        card.addClassNames("parley-card", "parley-chart-card");
        return card;
    }

    private Div emptyState() {
        Div empty = new Div(new Paragraph("No conversations in this range yet."));
        empty.addClassName("parley-empty");
        Paragraph next = new Paragraph("Numbers appear here as soon as visitors chat. ");
        next.add(new RouterLink("Embed a bot on your site", BotsView.class), new Span(" with its snippet, or "),
                new RouterLink("ask a test question", KnowledgeView.class), new Span(" to see it work."));
        empty.add(next);
        return empty;
    }
}
