package dev.parley.retrieval;

import dev.parley.knowledge.QueryEmbeddings;
import java.lang.reflect.Field;
import java.sql.SQLException;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** What the retrieval benchmark (dev.parley.bench.RetrievalBenchmark) needs from this package's internals. */
public final class RetrievalBenchSupport {

    private RetrievalBenchSupport() {}

    /** Runs the own-index reconciliation now, as the scheduled check would; returns the bots indexed. */
    public static Set<UUID> reconcileOwnIndexes(ApplicationContext context, int threshold) throws SQLException {
        return context.getBean(BotIndexes.class).reconcile(threshold);
    }

    public static String vectorIndexName(UUID bot) {
        return BotIndexes.VECTOR_PREFIX + BotIndexes.hex(bot);
    }

    public static String textIndexName(UUID bot) {
        return BotIndexes.TEXT_PREFIX + BotIndexes.hex(bot);
    }

    /** The application's hybrid search with another full-text candidate cap (for trying that knob). */
    public static HybridSearch withTextCandidates(ApplicationContext context, int textCandidates) {
        RetrievalProperties p = context.getBean(RetrievalProperties.class);
        RetrievalProperties changed = new RetrievalProperties(p.candidates(), p.minSimilarity(), p.curatedMatch(), textCandidates,
                p.ownIndexThreshold(), p.indexCheck(), p.indexBuildMemory(), p.cacheSize());
        return TestSearches.over(context.getBean(QueryEmbeddings.class), context.getBean(JdbcTemplate.class),
                context.getBean(BotChanges.class), changed, context.getBean(PlatformTransactionManager.class));
    }

    public static RetrievalProperties properties(ApplicationContext context) {
        return context.getBean(RetrievalProperties.class);
    }

    /** HybridSearch's one statement, for EXPLAIN ANALYZE. */
    public static String fusedStatement() {
        try {
            Field f = HybridSearch.class.getDeclaredField("FUSED");
            f.setAccessible(true);
            return (String) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
