package dev.parley.knowledge;

import dev.parley.knowledge.embedding.EmbeddingModels;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * After a start with another embedding model configured: one durable switch job per bot still on
 * an earlier model. The look-up crosses tenants through a definer function that returns ids only.
 */
@Component
class ModelSwitchStarter {

    private static final Logger log = LoggerFactory.getLogger(ModelSwitchStarter.class);

    private final JdbcTemplate jdbc;
    private final EmbeddingModels models;
    private final IngestionScheduler scheduler;

    ModelSwitchStarter(JdbcTemplate jdbc, EmbeddingModels models, IngestionScheduler scheduler) {
        this.jdbc = jdbc;
        this.models = models;
        this.scheduler = scheduler;
    }

    @EventListener(ApplicationReadyEvent.class)
    void scheduleSwitches() {
        List<ModelSwitchJob> jobs = jdbc.query("SELECT tenant_id, bot_id FROM parley_bots_to_switch(?)",
                (rs, n) -> new ModelSwitchJob(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)), models.current().model());
        if (jobs.isEmpty()) return;
        log.info("{} bots switch to embedding model {} in the background; they search with their previous model until done",
                jobs.size(), models.current().model());
        jobs.forEach(scheduler::scheduleModelSwitch);
    }
}
