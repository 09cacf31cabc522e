package dev.parley.knowledge;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Ingestion queue depth for Prometheus: jobs waiting or running, over all tenants. Read from
 * db-scheduler's table (ids only), since documents themselves are visible per tenant alone.
 */
@Component
class IngestionMetrics implements MeterBinder {

    private final JdbcTemplate jdbc;

    IngestionMetrics(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("parley.ingestion.queue", this, m -> m.count(false))
                .description("Ingestion jobs waiting to run").register(registry);
        Gauge.builder("parley.ingestion.running", this, m -> m.count(true))
                .description("Ingestion jobs running now").register(registry);
    }

    private double count(boolean picked) {
        try {
            Long n = jdbc.queryForObject("SELECT count(*) FROM scheduled_tasks WHERE task_name = ? AND picked = ?",
                    Long.class, IngestionJob.TASK, picked);
            return n == null ? 0 : n;
        } catch (RuntimeException e) {
            return Double.NaN; // database away: the readiness probe says so, the gauge need not
        }
    }
}
