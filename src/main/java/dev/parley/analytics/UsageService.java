package dev.parley.analytics;

import dev.parley.tenancy.CurrentRole;
import dev.parley.tenancy.TenantLimits;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Today's and this month's usage of the current tenant next to its limits (UTC, as quotas count). */
@Service
public class UsageService {

    /** Limits are null when the operator set none. */
    public record Usage(long messagesToday, Integer messagesPerDay, long messagesThisMonth, long tokensThisMonth,
                        Long tokensPerMonth, BigDecimal estimatedCostThisMonth, String currency) {}

    private final JdbcTemplate jdbc;
    private final CurrentRole role;
    private final TenantLimits limits;
    private final AnalyticsProperties properties;

    UsageService(JdbcTemplate jdbc, CurrentRole role, TenantLimits limits, AnalyticsProperties properties) {
        this.jdbc = jdbc;
        this.role = role;
        this.limits = limits;
        this.properties = properties;
    }

    @Transactional(readOnly = true)
    public Usage current() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        TenantLimits.Limits set = limits.of(role.tenantId());
        return jdbc.queryForObject("""
                SELECT coalesce(sum(messages) FILTER (WHERE day = ?), 0), coalesce(sum(messages), 0),
                       coalesce(sum(prompt_tokens), 0), coalesce(sum(completion_tokens), 0)
                FROM usage_daily WHERE day >= ?""", (rs, n) -> {
            long prompt = rs.getLong(3);
            long completion = rs.getLong(4);
            return new Usage(rs.getLong(1), set.messagesPerDay(), rs.getLong(2), prompt + completion, set.llmTokensPerMonth(),
                    properties.cost(prompt, completion), properties.currency());
        }, today, today.withDayOfMonth(1));
    }
}
