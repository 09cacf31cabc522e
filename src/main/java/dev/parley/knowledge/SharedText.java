package dev.parley.knowledge;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps "identical text stored once per bot" from losing text: when chunks leave the bot (their
 * document is deleted or re-indexed), documents that skipped the same text are re-indexed in the
 * same transaction, so one of them takes it over.
 */
@Component
class SharedText {

    private final JdbcTemplate jdbc;
    private final ObjectProvider<IngestionScheduler> jobs; // lazy: the scheduler depends on the pipeline, which uses this

    SharedText(JdbcTemplate jdbc, ObjectProvider<IngestionScheduler> jobs) {
        this.jdbc = jdbc;
        this.jobs = jobs;
    }

    /** Chunk hashes of these documents, read before they are deleted. */
    @Transactional(propagation = Propagation.MANDATORY)
    List<String> hashesOf(Collection<UUID> documentIds) {
        if (documentIds.isEmpty()) return List.of();
        return jdbc.queryForList("SELECT DISTINCT content_hash FROM chunks WHERE document_id = ANY(?) AND content_hash IS NOT NULL",
                String.class, (Object) documentIds.toArray(UUID[]::new));
    }

    /** Hashes of these texts already held by other documents of the bot. */
    @Transactional(propagation = Propagation.MANDATORY)
    List<String> heldElsewhere(UUID botId, UUID documentId, Collection<String> hashes) {
        if (hashes.isEmpty()) return List.of();
        return jdbc.queryForList("""
                SELECT DISTINCT content_hash FROM chunks
                WHERE bot_id = ? AND document_id <> ? AND content_hash = ANY(?)""",
                String.class, botId, documentId, hashes.toArray(String[]::new));
    }

    /** After removing chunks with these hashes: re-index documents that relied on them. Returns how many. */
    @Transactional(propagation = Propagation.MANDATORY)
    int requeueDependents(UUID botId, Collection<String> removedHashes) {
        if (removedHashes.isEmpty()) return 0;
        List<DocumentRef> orphaned = jdbc.query("""
                SELECT d.tenant_id, d.id FROM documents d
                WHERE d.bot_id = ? AND d.shared_hashes && ?::text[]
                  AND EXISTS (SELECT 1 FROM unnest(d.shared_hashes) h
                              WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.bot_id = d.bot_id AND c.content_hash = h))""",
                (rs, n) -> new DocumentRef(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)),
                botId, removedHashes.toArray(String[]::new));
        for (DocumentRef doc : orphaned) {
            jdbc.update("UPDATE documents SET status = 'QUEUED', attempts = 0, updated_at = now() WHERE id = ?", doc.id());
            jobs.getObject().enqueue(new IngestionJob(doc.tenantId(), doc.id()));
        }
        return orphaned.size();
    }

    private record DocumentRef(UUID tenantId, UUID id) {}
}
