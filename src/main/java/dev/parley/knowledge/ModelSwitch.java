package dev.parley.knowledge;

import com.pgvector.PGvector;
import dev.parley.knowledge.embedding.Embedder;
import dev.parley.knowledge.embedding.EmbeddingModels;
import dev.parley.shared.TenantContext;
import dev.parley.shared.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves one bot to the current embedding model without a retrieval gap: every chunk gets a
 * vector of the new model in next_embedding while search keeps using chunks.embedding (the
 * active model); when no chunk lacks one, a single transaction swaps the columns and the bot's
 * active model. Chunks stored meanwhile carry the active model's vector and are picked up by the
 * next pass. Safe to repeat after a crash: finished chunks are skipped.
 */
@Component
class ModelSwitch {

    private static final Logger log = LoggerFactory.getLogger(ModelSwitch.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final EmbeddingModels models;
    private final KnowledgeProperties properties;

    ModelSwitch(JdbcTemplate jdbc, TransactionTemplate tx, EmbeddingModels models, KnowledgeProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.models = models;
        this.properties = properties;
    }

    /** The whole switch, in one go. */
    void run(ModelSwitchJob job) {
        while (!step(job, Integer.MAX_VALUE)) {
            // another pass: chunks were stored meanwhile
        }
    }

    /**
     * Embeds up to {@code maxChunks} missing vectors, then swaps if none is missing; true when the
     * bot is on the current model (or gone). The scheduler runs one step per execution, so a long
     * switch leaves room for documents queued meanwhile.
     */
    boolean step(ModelSwitchJob job, int maxChunks) {
        if (swap(job)) return true; // checked first: a bot already on the model costs one query
        List<UUID> pending = pending(job, maxChunks);
        log.info("Bot {}: embedding {} chunks with {}", job.botId(), pending.size(), models.current().model());
        int batch = Math.max(1, properties.embeddingBatch());
        for (int i = 0; i < pending.size(); i += batch) embed(job, pending.subList(i, Math.min(pending.size(), i + batch)));
        return swap(job);
    }

    /** Chunks of the bot without a vector of the current model in the side column. */
    List<UUID> pending(ModelSwitchJob job, int limit) {
        return as(job, () -> tx.execute(s -> jdbc.queryForList(
                "SELECT id FROM chunks WHERE bot_id = ? AND next_embedding_model IS DISTINCT FROM ? LIMIT ?",
                UUID.class, job.botId(), models.current().model(), limit)));
    }

    /** Embeds these chunks with the current model into the side column; returns how many were written. */
    int embed(ModelSwitchJob job, List<UUID> ids) {
        Embedder embedder = models.current();
        record Pending(UUID id, String text) {}
        List<Pending> rows = as(job, () -> tx.execute(s -> jdbc.query(
                "SELECT id, heading_path, content FROM chunks WHERE bot_id = ? AND id = ANY(?) AND next_embedding_model IS DISTINCT FROM ?",
                (rs, n) -> new Pending(rs.getObject(1, UUID.class), ChunkStore.embeddingText(rs.getString(2), rs.getString(3))),
                job.botId(), ids.toArray(UUID[]::new), embedder.model())));
        if (rows.isEmpty()) return 0;
        // Outside any transaction: a remote model may take a while.
        List<float[]> vectors = embedder.embed(rows.stream().map(Pending::text).toList());
        List<Object[]> updates = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            updates.add(new Object[] {new PGvector(vectors.get(i)), embedder.model(), job.botId(), rows.get(i).id()});
        }
        int[] done = as(job, () -> tx.execute(s -> jdbc.batchUpdate(
                "UPDATE chunks SET next_embedding = ?, next_embedding_model = ? WHERE bot_id = ? AND id = ?", updates)));
        int written = 0;
        for (int n : done) written += Math.max(0, n);
        return written;
    }

    /**
     * Swaps in the new vectors if none is missing; true when the bot is on the current model. The
     * bot row is locked first: ingestion holds it shared while it stores chunks, so no chunk with
     * only the old vector can appear between the check and the swap.
     */
    boolean swap(ModelSwitchJob job) {
        String target = models.current().model();
        return as(job, () -> tx.execute(s -> {
            List<String> active = jdbc.queryForList("SELECT active_embedding_model FROM bots WHERE id = ? FOR UPDATE",
                    String.class, job.botId());
            if (active.isEmpty() || active.getFirst() == null || active.getFirst().equals(target)) return true; // gone or done
            Long missing = jdbc.queryForObject("SELECT count(*) FROM chunks WHERE bot_id = ? AND next_embedding_model IS DISTINCT FROM ?",
                    Long.class, job.botId(), target);
            if (missing != null && missing > 0) return false;
            int swapped = jdbc.update("""
                    UPDATE chunks SET embedding = next_embedding, embedding_model = next_embedding_model,
                                      next_embedding = NULL, next_embedding_model = NULL
                    WHERE bot_id = ?""", job.botId());
            jdbc.update("UPDATE bots SET active_embedding_model = ? WHERE id = ?", target, job.botId());
            log.info("Bot {} switched from {} to {} ({} chunks)", job.botId(), active.getFirst(), target, swapped);
            return true;
        }));
    }

    private static <T> T as(ModelSwitchJob job, java.util.function.Supplier<T> work) {
        return TenantContext.callAs(new TenantId(job.tenantId()), null, work);
    }
}
