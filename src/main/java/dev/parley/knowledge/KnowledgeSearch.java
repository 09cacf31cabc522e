package dev.parley.knowledge;

import com.pgvector.PGvector;
import dev.parley.knowledge.embedding.Embedder;
import dev.parley.knowledge.embedding.EmbeddingModels;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Nearest chunks of a bot by cosine distance, for the console's "test a question" box. RLS
 * scopes it to the tenant; the explicit bot filter narrows it further. The question is embedded
 * with the bot's active model, which during a model switch is still the old one. Curated Q&A
 * pairs that match come first.
 */
@Service
public class KnowledgeSearch {

    /** A matched chunk with its cosine similarity and what a citation needs. */
    public record Match(KnowledgeChunk chunk, String documentTitle, String sourceUrl, double score) {}

    private static final Logger log = LoggerFactory.getLogger(KnowledgeSearch.class);
    static final double QA_MATCH = 0.8;

    private final JdbcTemplate jdbc;
    private final EmbeddingModels models;
    private final ActiveModels activeModels;
    private final TransactionTemplate readOnly;

    KnowledgeSearch(JdbcTemplate jdbc, EmbeddingModels models, ActiveModels activeModels, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.models = models;
        this.activeModels = activeModels;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    public List<Match> search(UUID botId, String question, int limit) {
        if (question == null || question.isBlank()) return List.of();
        // Two short transactions: no pooled connection is held while a remote model embeds.
        String active = readOnly.execute(s -> activeModels.of(botId));
        Optional<Embedder> embedder = models.forModel(active);
        if (embedder.isEmpty()) {
            log.warn("Bot {} searches with {}, which is not available: configure it until the switch completes", botId, active);
            return List.of();
        }
        PGvector query = new PGvector(embedder.get().embed(List.of(question.strip())).getFirst());
        String model = embedder.get().model();
        int k = Math.max(1, Math.min(limit, 50));
        // Twice as many candidates as asked for, so curated answers just outside the top k can be
        // moved ahead: a matching Q&A pair is what the editor wants answered, before any passage.
        List<Match> candidates = readOnly.execute(s -> jdbc.query("""
                SELECT c.id, c.document_id, c.ordinal, c.content, c.heading_path, c.page, c.anchor, c.is_qa,
                       d.title, d.source_url, 1 - (c.embedding <=> ?) AS score
                FROM chunks c JOIN documents d ON d.tenant_id = c.tenant_id AND d.id = c.document_id
                WHERE c.bot_id = ? AND c.embedding_model = ?
                ORDER BY c.embedding <=> ? LIMIT ?""",
                (rs, n) -> new Match(new KnowledgeChunk(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getInt(3),
                        rs.getString(4), rs.getString(5), (Integer) rs.getObject(6), rs.getString(7), rs.getBoolean(8)),
                        rs.getString(9), rs.getString(10), rs.getDouble(11)),
                query, botId, model, query, 2 * k));
        return candidates.stream()
                .sorted(Comparator.comparing((Match m) -> !curatedMatch(m)).thenComparing(Match::score, Comparator.reverseOrder()))
                .limit(k).toList();
    }

    /** A Q&A pair whose question is close enough to count as asked (bge-small similarity). */
    static boolean curatedMatch(Match match) {
        return match.chunk().qa() && match.score() >= QA_MATCH;
    }
}
