package dev.parley.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the dashboard estimates cost and how far it looks back.
 *
 * @param promptPricePer1k     price of 1,000 prompt (input) tokens; the default is gpt-4o-mini's list price
 * @param completionPricePer1k price of 1,000 completion (output) tokens
 * @param currency             ISO code shown next to the estimate
 * @param maxRangeDays         longest range one dashboard shows
 * @param topQuestions         length of the top-questions list
 * @param workMemMb            PostgreSQL work_mem for the dashboard's queries (transaction-local)
 */
@ConfigurationProperties("parley.analytics")
public record AnalyticsProperties(@DefaultValue("0.00015") BigDecimal promptPricePer1k,
                                  @DefaultValue("0.0006") BigDecimal completionPricePer1k,
                                  @DefaultValue("USD") String currency,
                                  @DefaultValue("366") int maxRangeDays,
                                  @DefaultValue("10") int topQuestions,
                                  @DefaultValue("64") int workMemMb) {

    /** The estimated price of these tokens, to four decimals. */
    BigDecimal cost(long promptTokens, long completionTokens) {
        return promptPricePer1k.multiply(BigDecimal.valueOf(promptTokens))
                .add(completionPricePer1k.multiply(BigDecimal.valueOf(completionTokens)))
                .divide(BigDecimal.valueOf(1000), 4, RoundingMode.HALF_UP);
    }
}
