package dev.parley.knowledge;

import com.pgvector.PGvector;
import dev.parley.knowledge.embedding.Embedder;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Nearest chunks of a bot by cosine distance, for the console's "test a question" box. RLS
 * scopes it to the tenant; the explicit bot filter narrows it further.
 */
@Service
public class KnowledgeSearch {

    /** A matched chunk with its cosine similarity and what a citation needs. */
    public record Match(KnowledgeChunk chunk, String documentTitle, String sourceUrl, double score) {}

    private final JdbcTemplate jdbc;
    private final Embedder embedder;

    KnowledgeSearch(JdbcTemplate jdbc, Embedder embedder) {
        this.jdbc = jdbc;
        this.embedder = embedder;
    }

    @Transactional(readOnly = true)
    public List<Match> search(UUID botId, String question, int limit) {
        if (question == null || question.isBlank()) return List.of();
        PGvector query = new PGvector(embedder.embed(List.of(question.strip())).getFirst());
        return jdbc.query("""
                SELECT c.id, c.document_id, c.ordinal, c.content, c.heading_path, c.page, c.anchor, c.is_qa,
                       d.title, d.source_url, 1 - (c.embedding <=> ?) AS score
                FROM chunks c JOIN documents d ON d.tenant_id = c.tenant_id AND d.id = c.document_id
                WHERE c.bot_id = ? AND c.embedding_model = ?
                ORDER BY c.embedding <=> ? LIMIT ?""",
                (rs, n) -> new Match(new KnowledgeChunk(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getInt(3),
                        rs.getString(4), rs.getString(5), (Integer) rs.getObject(6), rs.getString(7), rs.getBoolean(8)),
                        rs.getString(9), rs.getString(10), rs.getDouble(11)),
                query, botId, embedder.model(), query, Math.max(1, Math.min(limit, 50)));
    }
}
