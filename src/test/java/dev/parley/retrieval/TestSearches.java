package dev.parley.retrieval;

import dev.parley.knowledge.QueryEmbeddings;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** A hybrid search over a given set of embedding models, for tests that swap models. */
public final class TestSearches {
    private TestSearches() {}

    public static HybridSearch over(QueryEmbeddings embeddings, JdbcTemplate jdbc, BotChanges changes,
                                    RetrievalProperties properties, PlatformTransactionManager transactions) {
        return new HybridSearch(jdbc, new BotIndexProfiles(embeddings, properties, changes),
                new QueryVectors(embeddings, properties), properties, transactions);
    }
}
