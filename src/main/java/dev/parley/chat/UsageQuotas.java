package dev.parley.chat;

import dev.parley.tenancy.TenantLimits;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Daily message caps (per bot, and per tenant when the operator set one) and the tenant's monthly
 * LLM token budget, read from the usage_daily counters. Days and months are UTC. A message is
 * counted when it is accepted; tokens when the answer is done, so one answer may overshoot the
 * budget by its own size, never more.
 */
@Component
class UsageQuotas {

    private final JdbcTemplate jdbc;
    private final TenantLimits limits;

    UsageQuotas(JdbcTemplate jdbc, TenantLimits limits) {
        this.jdbc = jdbc;
        this.limits = limits;
    }

    /**
     * Counts one visitor message for today and checks the token budget when the answer will use the
     * LLM. Returns the refusal instead of throwing it, so that the caller's transaction (which
     * stored the question) still commits.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Optional<ChatRefused> admit(UUID tenantId, UUID botId, Integer botCap, boolean usesLlm) {
        TenantLimits.Limits tenant = limits.of(tenantId);
        if (tenant.messagesPerDay() != null) {
            Long today = jdbc.queryForObject("SELECT coalesce(sum(messages), 0) FROM usage_daily WHERE day = ?", Long.class, today());
            if (today >= tenant.messagesPerDay()) return Optional.of(dailyCap());
        }
        if (botCap != null && botCap <= 0) return Optional.of(dailyCap());
        // Check and count in one statement, so concurrent messages cannot both slip under the cap.
        List<Integer> counted = jdbc.queryForList("""
                INSERT INTO usage_daily (tenant_id, bot_id, day, messages) VALUES (?, ?, ?, 1)
                ON CONFLICT (tenant_id, bot_id, day) DO UPDATE SET messages = usage_daily.messages + 1
                WHERE ?::integer IS NULL OR usage_daily.messages < ?
                RETURNING messages""", Integer.class, tenantId, botId, today(), botCap, botCap);
        if (counted.isEmpty()) return Optional.of(dailyCap());
        // Over the monthly token budget: no call goes upstream.
        Long budget = tenant.llmTokensPerMonth();
        if (!usesLlm || budget == null) return Optional.empty();
        Long used = jdbc.queryForObject("SELECT coalesce(sum(prompt_tokens + completion_tokens), 0) FROM usage_daily WHERE day >= ?",
                Long.class, today().withDayOfMonth(1));
        return used < budget ? Optional.empty() : Optional.of(new ChatRefused(ChatRefused.Reason.TOKEN_BUDGET,
                "This assistant has used its answer budget for this month. Please try again next month.", untilNextMonth()));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void addTokens(UUID tenantId, UUID botId, int promptTokens, int completionTokens) {
        if (promptTokens == 0 && completionTokens == 0) return;
        jdbc.update("""
                INSERT INTO usage_daily (tenant_id, bot_id, day, prompt_tokens, completion_tokens) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (tenant_id, bot_id, day) DO UPDATE SET prompt_tokens = usage_daily.prompt_tokens + excluded.prompt_tokens,
                    completion_tokens = usage_daily.completion_tokens + excluded.completion_tokens""",
                tenantId, botId, today(), promptTokens, completionTokens);
    }

    private static ChatRefused dailyCap() {
        return new ChatRefused(ChatRefused.Reason.DAILY_CAP,
                "This assistant has answered as many messages as it may today. Please try again tomorrow.", untilTomorrow());
    }

    static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private static Duration untilTomorrow() {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        return Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC));
    }

    private static Duration untilNextMonth() {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        return Duration.between(now, now.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay(ZoneOffset.UTC));
    }
}
