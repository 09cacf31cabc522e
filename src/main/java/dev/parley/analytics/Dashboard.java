package dev.parley.analytics;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The dashboard's numbers for one range (UTC days, both ends included), for one bot or the whole
 * tenant. Rates are null when there is nothing to divide by.
 */
public record Dashboard(LocalDate from, LocalDate to, Totals totals, List<Day> days, List<TopQuestion> topQuestions,
                        String currency) {

    /** Sums over the range; {@code visitors} counts each visitor once over the whole range. */
    public record Totals(long conversations, long questions, long answers, long unanswered, long visitors,
                         long thumbsUp, long thumbsDown, Integer medianFirstTokenMs, long promptTokens,
                         long completionTokens, BigDecimal estimatedCost) {

        public Double answeredRate() {
            return answers == 0 ? null : (answers - unanswered) / (double) answers;
        }

        public Double thumbsUpRate() {
            long rated = thumbsUp + thumbsDown;
            return rated == 0 ? null : thumbsUp / (double) rated;
        }

        public long tokens() {
            return promptTokens + completionTokens;
        }
    }

    /** One UTC day; every day of the range is present, quiet ones with zeros. */
    public record Day(LocalDate day, long conversations, long questions, long answers, long unanswered, long visitors,
                      long thumbsUp, long thumbsDown, Integer medianFirstTokenMs, long promptTokens,
                      long completionTokens, BigDecimal estimatedCost) {}

    /** A question as visitors asked it (grouped ignoring case, spaces and punctuation). */
    public record TopQuestion(String question, long asked, long unanswered) {}

    /** True when nothing happened in the range: the view shows what to do next instead of charts. */
    public boolean isEmpty() {
        return totals.conversations() == 0 && totals.questions() == 0 && totals.answers() == 0;
    }
}
