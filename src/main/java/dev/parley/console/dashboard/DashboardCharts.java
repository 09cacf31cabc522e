package dev.parley.console.dashboard;

import dev.parley.analytics.Dashboard;
import dev.parley.console.support.TimeChart;
import dev.parley.console.support.TimeChart.Kind;
import dev.parley.console.support.TimeChart.Series;
import dev.parley.console.support.TimeChart.Spec;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Turns a dashboard into the specs of its charts, one per question a user asks of it. */
final class DashboardCharts {

    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);

    private DashboardCharts() {}

    static List<String> labels(Dashboard d) {
        return d.days().stream().map(day -> DAY.format(day.day())).toList();
    }

    static Spec traffic(Dashboard d) {
        return new Spec(Kind.LINE, labels(d), List.of(
                series("Conversations", d, Dashboard.Day::conversations, "#1f6feb"),
                series("Unique visitors", d, Dashboard.Day::visitors, "#7c3aed"),
                series("Questions", d, Dashboard.Day::questions, "#0891b2")), false, false,
                "Conversations, unique visitors and questions per day: " + d.totals().conversations() + " conversations, "
                        + d.totals().visitors() + " visitors, " + d.totals().questions() + " questions in all.");
    }

    static Spec answered(Dashboard d) {
        return new Spec(Kind.BAR, labels(d), List.of(
                series("Answered", d, day -> day.answers() - day.unanswered(), "#059669"),
                series("Unanswered", d, Dashboard.Day::unanswered, "#d97706")), false, true,
                "Answered and unanswered questions per day: " + (d.totals().answers() - d.totals().unanswered())
                        + " answered, " + d.totals().unanswered() + " unanswered.");
    }

    static Spec feedback(Dashboard d) {
        return new Spec(Kind.BAR, labels(d), List.of(
                series("Thumbs up", d, Dashboard.Day::thumbsUp, "#059669"),
                series("Thumbs down", d, Dashboard.Day::thumbsDown, "#dc2626")), false, true,
                "Ratings per day: " + d.totals().thumbsUp() + " thumbs up, " + d.totals().thumbsDown() + " thumbs down.");
    }

    static Spec firstToken(Dashboard d) {
        List<Integer> medians = d.days().stream().map(Dashboard.Day::medianFirstTokenMs).toList();
        Integer all = d.totals().medianFirstTokenMs();
        return new Spec(Kind.LINE, labels(d), List.of(new Series("Median time to first token (ms)", medians, "#1f6feb")),
                false, false, "Median time to first token per day" + (all == null ? "." : ", " + all + " ms over the range."));
    }

    static Spec tokens(Dashboard d) {
        return new Spec(Kind.BAR, labels(d), List.of(
                series("Prompt tokens", d, Dashboard.Day::promptTokens, "#0891b2"),
                series("Completion tokens", d, Dashboard.Day::completionTokens, "#7c3aed")), false, true,
                "LLM tokens per day: " + d.totals().tokens() + " in all.");
    }

    private static Series series(String name, Dashboard d, Function<Dashboard.Day, Long> value, String color) {
        return new Series(name, d.days().stream().map(value).toList(), color);
    }

    /** A chart with the spec drawn in, sized by the stylesheet. */
    static TimeChart chart(Spec spec) {
        TimeChart chart = new TimeChart();
        chart.show(spec);
        return chart;
    }
}
