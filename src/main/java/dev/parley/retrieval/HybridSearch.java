package dev.parley.retrieval;

import com.pgvector.PGvector;
import dev.parley.knowledge.QueryEmbeddings;
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
 * A bot's best passages for a question: nearest vectors and full-text matches, fused by
 * reciprocal rank in one statement, under row-level security. Curated Q&A pairs that match come
 * first; a passage below the minimum similarity is returned but is not evidence.
 */
@Service
public class HybridSearch {

    /** Reciprocal rank fusion's usual constant: ranks 1 and 2 differ little, top and tail a lot. */
    static final int RRF_K = 60;

    private static final Logger log = LoggerFactory.getLogger(HybridSearch.class);

    // Vector side: `bot_id = ?` matches a big bot's own partial HNSW index (the value is a bound
    // parameter, and plans are custom, so the planner sees it); small bots use the (tenant, bot)
    // btree and an exact sort. Text side: parley_text_search (changelog 013) may use a GIN index.
    // Chunks are re-read here under RLS whatever the two sides returned, by key: `fused` is
    // MATERIALIZED so that its id is a plain column (inlined, it is coalesce() over a FULL JOIN, a
    // join clause RLS does not treat as leakproof, so the key could not be probed with it), and its
    // LIMIT of 2 x candidates, which never cuts (each side brings at most `candidates`), tells the
    // planner how few rows come (it assumes 1,000 from a function). Otherwise it reads every chunk of
    // the bot to hash-join the candidates: 150-260 ms instead of ~10 with 100k chunks (benchmarks.md).
    private static final String FUSED = """
            WITH vec AS (
                SELECT id, row_number() OVER (ORDER BY distance) AS r
                FROM (SELECT c.id, c.embedding <=> ?::vector AS distance FROM chunks c
                      WHERE c.bot_id = ? AND c.embedding_model = ?
                      ORDER BY c.embedding <=> ?::vector LIMIT ?) nearest),
            txt AS (
                SELECT chunk_id AS id, row_number() OVER (ORDER BY tier, rank DESC) AS r
                FROM parley_text_search(?, ?::regconfig, ?, ?, ?)),
            fused AS MATERIALIZED (
                SELECT coalesce(vec.id, txt.id) AS id, vec.r AS vector_rank, txt.r AS text_rank,
                       coalesce(1.0 / (%1$d + vec.r), 0) + coalesce(1.0 / (%1$d + txt.r), 0) AS rrf
                FROM vec FULL JOIN txt ON txt.id = vec.id
                LIMIT ?)
            SELECT c.id, c.document_id, c.content, c.heading_path, c.page, c.anchor, c.is_qa, d.title, d.source_url,
                   1 - (c.embedding <=> ?::vector) AS similarity, f.rrf, f.vector_rank, f.text_rank
            FROM fused f
            JOIN chunks c ON c.id = f.id AND c.bot_id = ? AND c.embedding_model = ?
            JOIN documents d ON d.tenant_id = c.tenant_id AND d.id = c.document_id
            ORDER BY f.rrf DESC, c.id
            LIMIT ?""".formatted(RRF_K);

    private final JdbcTemplate jdbc;
    private final BotIndexProfiles profiles;
    private final QueryVectors vectors;
    private final RetrievalProperties properties;
    private final TransactionTemplate readOnly;

    HybridSearch(JdbcTemplate jdbc, BotIndexProfiles profiles, QueryVectors vectors, RetrievalProperties properties,
                 PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.profiles = profiles;
        this.vectors = vectors;
        this.properties = properties;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** Up to {@code limit} passages, best first; empty when the bot has no knowledge yet. */
    public List<Passage> search(UUID botId, String question, int limit) {
        if (question == null || question.isBlank()) return List.of();
        Optional<QueryEmbeddings.BotIndex> index = profiles.of(botId);
        if (index.isEmpty()) return List.of();
        List<Passage> found = search(botId, index.get(), question, limit);
        if (!found.isEmpty()) return found;
        // The database's change signal is asynchronous: right after a model switch the cached
        // profile may name the old model for a few milliseconds. Read it afresh before saying "nothing".
        profiles.forget(botId);
        Optional<QueryEmbeddings.BotIndex> fresh = profiles.of(botId);
        return fresh.isEmpty() || fresh.equals(index) ? found : search(botId, fresh.get(), question, limit);
    }

    private List<Passage> search(UUID botId, QueryEmbeddings.BotIndex index, String question, int limit) {
        // The question is embedded outside any transaction: no pooled connection waits on a model.
        Optional<float[]> vector = vectors.of(index.model(), question);
        if (vector.isEmpty()) {
            log.warn("Bot {} searches with {}, which this node cannot load: configure it until the switch completes",
                    botId, index.model());
            return List.of();
        }
        return search(botId, index, vector.get(), question, limit);
    }

    /** The same with a vector at hand (benchmarks, and callers that embedded already). */
    public List<Passage> search(UUID botId, QueryEmbeddings.BotIndex index, float[] vector, String question, int limit) {
        int k = Math.max(1, Math.min(limit, 50));
        int candidates = Math.max(properties.candidates(), 2 * k);
        PGvector query = new PGvector(vector);
        List<Passage> fused = readOnly.execute(s -> jdbc.query(FUSED, (rs, n) -> {
            double similarity = rs.getDouble(10);
            boolean qa = rs.getBoolean(7);
            return new Passage(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                    Citation.of(rs.getString(8), rs.getString(4), (Integer) rs.getObject(5), rs.getString(9), rs.getString(6)),
                    similarity, rs.getDouble(11), rank(rs, 12), rank(rs, 13),
                    qa && similarity >= properties.curatedMatch(), similarity >= properties.minSimilarity());
        }, query, botId, index.model(), query, candidates,
                botId, index.textSearchConfig(), question, candidates, properties.textCandidates(), 2 * candidates,
                query, botId, index.model(), 2 * k));
        // A matching curated answer is what the editor wants said, ahead of any passage.
        return fused.stream()
                .sorted(Comparator.comparing((Passage p) -> !p.curated()).thenComparing(Passage::fusedScore, Comparator.reverseOrder()))
                .limit(k).toList();
    }

    private static Integer rank(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        long rank = rs.getLong(column);
        return rs.wasNull() ? null : (int) rank;
    }
}
