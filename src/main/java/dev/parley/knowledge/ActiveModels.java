package dev.parley.knowledge;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A bot's active embedding model: the one its searchable vectors (chunks.embedding) come from.
 * Null until the bot's first chunks are stored, which then take the current model.
 */
@Component
class ActiveModels {

    private final JdbcTemplate jdbc;

    ActiveModels(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(propagation = Propagation.MANDATORY, readOnly = true)
    String of(UUID botId) {
        List<String> found = jdbc.queryForList("SELECT active_embedding_model FROM bots WHERE id = ?", String.class, botId);
        return found.isEmpty() ? null : found.getFirst();
    }

    /**
     * For storing chunks: claims the current model for a bot without one, and holds a share lock on
     * the bot row until commit, so a model swap (which takes the row exclusively) cannot slip in
     * between this check and the insert. Null when the bot is gone.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    String lockForWrite(UUID botId, String currentModel) {
        // UPDATE first: two first documents racing would otherwise both hold FOR SHARE and deadlock on it.
        jdbc.update("UPDATE bots SET active_embedding_model = ? WHERE id = ? AND active_embedding_model IS NULL", currentModel, botId);
        List<String> found = jdbc.queryForList("SELECT active_embedding_model FROM bots WHERE id = ? FOR SHARE", String.class, botId);
        return found.isEmpty() ? null : found.getFirst();
    }
}
