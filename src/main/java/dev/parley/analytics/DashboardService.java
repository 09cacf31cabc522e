package dev.parley.analytics;

import dev.parley.tenancy.CurrentRole;
import dev.parley.tenancy.InvalidInputException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The dashboard of the current tenant, for admins and owners: read from the daily aggregates only
 * (see changelog 018), so its cost grows with the days shown, not with the messages behind them.
 */
@Service
public class DashboardService {

    private final JdbcTemplate jdbc;
    private final CurrentRole role;
    private final AnalyticsProperties properties;

    DashboardService(JdbcTemplate jdbc, CurrentRole role, AnalyticsProperties properties) {
        this.jdbc = jdbc;
        this.role = role;
        this.properties = properties;
    }

    /** The last {@code days} UTC days, today included. */
    public static LocalDate[] lastDays(int days) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return new LocalDate[] {today.minusDays(days - 1L), today};
    }

    /**
     * Numbers for {@code botId} (null: every bot of the tenant) from {@code from} to {@code to}, both
     * included. Refuses a missing or reversed range, or one longer than the configured maximum.
     */
    @Transactional(readOnly = true)
    public Dashboard load(UUID botId, LocalDate from, LocalDate to) {
        if (!role.role().managesBots()) throw new AccessDeniedException("Only admins and owners see the dashboard.");
        validate(from, to);
        // Grouping a long range's question and visitor rows in memory instead of spilling to disk.
        jdbc.execute("SET LOCAL work_mem = '" + properties.workMemMb() + "MB'");
        Filter f = new Filter(botId, from, to);
        Map<LocalDate, long[]> counters = counters(f);
        Map<LocalDate, long[]> tokens = tokens(f);
        Map<LocalDate, Long> visitors = new TreeMap<>();
        long uniqueVisitors = visitors(f, visitors);
        Map<LocalDate, TreeMap<Integer, Long>> latency = latency(f);

        List<Dashboard.Day> days = new ArrayList<>();
        long[] sum = new long[6];
        long promptTokens = 0;
        long completionTokens = 0;
        TreeMap<Integer, Long> allLatency = new TreeMap<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            long[] c = counters.getOrDefault(day, new long[6]);
            long[] t = tokens.getOrDefault(day, new long[2]);
            TreeMap<Integer, Long> histogram = latency.getOrDefault(day, new TreeMap<>());
            histogram.forEach((ms, n) -> allLatency.merge(ms, n, Long::sum));
            for (int i = 0; i < sum.length; i++) sum[i] += c[i];
            promptTokens += t[0];
            completionTokens += t[1];
            days.add(new Dashboard.Day(day, c[0], c[1], c[2], c[3], visitors.getOrDefault(day, 0L), c[4], c[5],
                    median(histogram), t[0], t[1], cost(t[0], t[1])));
        }
        Dashboard.Totals totals = new Dashboard.Totals(sum[0], sum[1], sum[2], sum[3], uniqueVisitors, sum[4], sum[5],
                median(allLatency), promptTokens, completionTokens, cost(promptTokens, completionTokens));
        return new Dashboard(from, to, totals, days, topQuestions(f), properties.currency());
    }

    private void validate(LocalDate from, LocalDate to) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (from == null) errors.put("from", "Choose the first day.");
        if (to == null) errors.put("to", "Choose the last day.");
        if (from != null && to != null && from.isAfter(to)) errors.put("from", "The first day is after the last day.");
        else if (from != null && to != null && ChronoUnit.DAYS.between(from, to) + 1 > properties.maxRangeDays()) {
            errors.put("to", "Show at most " + properties.maxRangeDays() + " days at once.");
        }
        if (!errors.isEmpty()) throw new InvalidInputException(errors);
    }

    /** The WHERE clause of every query: the tenant comes from row-level security. */
    private record Filter(UUID botId, LocalDate from, LocalDate to) {
        String where() {
            return " WHERE day BETWEEN ? AND ?" + (botId == null ? "" : " AND bot_id = ?");
        }

        Object[] params(Object... more) {
            List<Object> all = new ArrayList<>(List.of(from, to));
            if (botId != null) all.add(botId);
            all.addAll(List.of(more));
            return all.toArray();
        }
    }

    private Map<LocalDate, long[]> counters(Filter f) {
        Map<LocalDate, long[]> rows = new TreeMap<>();
        jdbc.query("SELECT day, sum(conversations), sum(questions), sum(answers), sum(unanswered), sum(thumbs_up), "
                + "sum(thumbs_down) FROM analytics_daily" + f.where() + " GROUP BY day", rs -> {
            long[] c = new long[6];
            for (int i = 0; i < c.length; i++) c[i] = rs.getLong(i + 2);
            rows.put(rs.getObject(1, LocalDate.class), c);
        }, f.params());
        return rows;
    }

    private Map<LocalDate, long[]> tokens(Filter f) {
        Map<LocalDate, long[]> rows = new TreeMap<>();
        jdbc.query("SELECT day, sum(prompt_tokens), sum(completion_tokens) FROM usage_daily" + f.where() + " GROUP BY day",
                rs -> {
                    rows.put(rs.getObject(1, LocalDate.class), new long[] {rs.getLong(2), rs.getLong(3)});
                }, f.params());
        return rows;
    }

    /** Fills distinct visitors per day and returns the distinct visitors of the whole range. */
    private long visitors(Filter f, Map<LocalDate, Long> perDay) {
        long[] total = {0};
        jdbc.query("SELECT day, count(DISTINCT visitor) FROM analytics_daily_visitors" + f.where()
                + " GROUP BY GROUPING SETS ((day), ())", rs -> {
            LocalDate day = rs.getObject(1, LocalDate.class);
            if (day == null) total[0] = rs.getLong(2);
            else perDay.put(day, rs.getLong(2));
        }, f.params());
        return total[0];
    }

    private Map<LocalDate, TreeMap<Integer, Long>> latency(Filter f) {
        Map<LocalDate, TreeMap<Integer, Long>> rows = new TreeMap<>();
        jdbc.query("SELECT day, first_token_ms, sum(answers) FROM analytics_daily_latency" + f.where() + " GROUP BY 1, 2",
                rs -> {
                    rows.computeIfAbsent(rs.getObject(1, LocalDate.class), d -> new TreeMap<>()).put(rs.getInt(2), rs.getLong(3));
                }, f.params());
        return rows;
    }

    /** The lower median of a histogram, as percentile_disc(0.5) over the answers would give it. */
    static Integer median(TreeMap<Integer, Long> histogram) {
        long total = histogram.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) return null;
        long seen = 0;
        for (var bucket : histogram.entrySet()) {
            seen += bucket.getValue();
            if (seen * 2 >= total) return bucket.getKey();
        }
        return histogram.lastKey();
    }

    private List<Dashboard.TopQuestion> topQuestions(Filter f) {
        // Rank by key first, then read one wording of each of the few winners.
        return jdbc.query("WITH top AS (SELECT question_key, sum(asked) AS asked, sum(unanswered) AS unanswered, "
                        + "max(day) AS last_day FROM analytics_daily_questions" + f.where()
                        + " GROUP BY question_key ORDER BY 2 DESC, 1 LIMIT ?) "
                        + "SELECT (SELECT q.question FROM analytics_daily_questions q WHERE q.day = top.last_day "
                        + "AND q.question_key = top.question_key LIMIT 1), asked, unanswered FROM top ORDER BY asked DESC, question_key",
                (rs, n) -> new Dashboard.TopQuestion(rs.getString(1), rs.getLong(2), rs.getLong(3)),
                f.params(properties.topQuestions()));
    }

    private BigDecimal cost(long promptTokens, long completionTokens) {
        return properties.cost(promptTokens, completionTokens);
    }
}
