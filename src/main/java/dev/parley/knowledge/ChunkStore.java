package dev.parley.knowledge;

import com.pgvector.PGvector;
import dev.parley.knowledge.parsing.Chunker;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes a document's chunks. One transaction deletes the old set and inserts the new one, so
 * retrieval sees either the previous version or the complete new one, never a mix. Vectors go
 * in binary form (pgvector-java), in JDBC batches.
 */
@Component
class ChunkStore {

    /** A chunk ready to store. */
    record Row(Chunker.Draft draft, float[] vector, boolean qa) {}

    /**
     * Where the vectors go: the searchable column (they come from the bot's active model), or the
     * side column of a switch in progress (they come from the model being switched to, because the
     * active one is not available here); the switch job embeds what the side column lacks.
     */
    enum Column { ACTIVE, NEXT }

    private final JdbcTemplate jdbc;
    private final SharedText shared;

    ChunkStore(JdbcTemplate jdbc, SharedText shared) {
        this.jdbc = jdbc;
        this.shared = shared;
    }

    /**
     * Replaces the document's chunks; returns how many were stored. Text already held by another
     * document of the bot is skipped and remembered in {@code shared_hashes}; text this document no
     * longer has is handed to documents that skipped it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    int replace(DocumentEntity doc, List<Row> rows, String model, Column column, String textSearchConfig) {
        Set<String> before = new HashSet<>(shared.hashesOf(List.of(doc.id)));
        jdbc.update("DELETE FROM chunks WHERE document_id = ?", doc.id);
        Map<String, Row> unique = new LinkedHashMap<>();
        for (Row row : rows) unique.putIfAbsent(hash(row.draft().content()), row);
        Set<String> elsewhere = new HashSet<>(shared.heldElsewhere(doc.botId, doc.id, unique.keySet()));
        doc.sharedHashes = new ArrayList<>(elsewhere);
        List<Object[]> batch = new ArrayList<>();
        int ordinal = 0;
        for (var entry : unique.entrySet()) {
            String hash = entry.getKey();
            Row row = entry.getValue();
            if (elsewhere.contains(hash)) continue; // identical text already stored for this bot
            var section = row.draft().section();
            PGvector vector = new PGvector(row.vector());
            boolean active = column == Column.ACTIVE;
            batch.add(new Object[] {doc.tenantId, UUID.randomUUID(), doc.id, doc.botId, ordinal++, row.draft().content(),
                    section.headingLabel(), section.page(), section.anchor(), active ? vector : null, active ? model : null,
                    active ? null : vector, active ? null : model,
                    textSearchConfig, (section.headingLabel() + "\n" + row.draft().content()), row.qa(), hash});
        }
        jdbc.batchUpdate("""
                INSERT INTO chunks (tenant_id, id, document_id, bot_id, ordinal, content, heading_path, page, anchor,
                                    embedding, embedding_model, next_embedding, next_embedding_model, tsv, is_qa, content_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::vector, ?, ?::vector, ?, to_tsvector(?::regconfig, ?), ?, ?)""", batch);
        before.removeAll(unique.keySet());
        shared.requeueDependents(doc.botId, before);
        return batch.size();
    }

    /** What gets embedded for a chunk: the heading path carries meaning the paragraph alone may lack. */
    static String embeddingText(String headingLabel, String content) {
        return headingLabel == null || headingLabel.isEmpty() ? content : headingLabel + "\n" + content;
    }

    static String hash(String content) {
        return HexFormat.of().formatHex(BlobStore.sha256().digest(
                content.strip().replaceAll("\\s+", " ").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
