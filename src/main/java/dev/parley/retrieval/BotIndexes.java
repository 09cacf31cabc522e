package dev.parley.retrieval;

import dev.parley.platform.SchemaMaintenance;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Gives every bot that passes {@code ownIndexThreshold} chunks its own partial HNSW (vectors) and
 * GIN (full text) index, and drops them when the bot is gone or shrinks below half the threshold
 * (the gap keeps a bot near the line from flapping). Small bots need none: the (tenant, bot) btree
 * plus an exact sort is exact and fast for them. DD-021 has the measurements behind this.
 */
@Component
class BotIndexes {

    private static final Logger log = LoggerFactory.getLogger(BotIndexes.class);
    /** Advisory lock key: one node at a time reconciles indexes. */
    private static final long LOCK = 0x7061726c6579L;
    static final String VECTOR_PREFIX = "chunks_vec_";
    static final String TEXT_PREFIX = "chunks_fts_";

    private final SchemaMaintenance maintenance;
    private final RetrievalProperties properties;

    BotIndexes(SchemaMaintenance maintenance, RetrievalProperties properties) {
        this.maintenance = maintenance;
        this.properties = properties;
    }

    @Scheduled(initialDelayString = "${parley.retrieval.index-check:5m}", fixedDelayString = "${parley.retrieval.index-check:5m}")
    void scheduledCheck() {
        try {
            reconcile(properties.ownIndexThreshold());
        } catch (SQLException | RuntimeException e) {
            log.warn("Checking bots' own indexes failed; retrying at the next check", e);
        }
    }

    /** Creates and drops indexes so that exactly the big bots have them; returns the bots indexed now. */
    Set<UUID> reconcile(int threshold) throws SQLException {
        Set<UUID> indexed = new HashSet<>();
        maintenance.runExclusively(LOCK, session -> {
            Set<UUID> big = new HashSet<>(), keep = new HashSet<>();
            for (List<String> row : session.query("SELECT bot_id, count(*) FROM chunks GROUP BY bot_id HAVING count(*) >= "
                    + Math.max(1, threshold / 2))) {
                UUID bot = UUID.fromString(row.get(0));
                keep.add(bot);
                if (Long.parseLong(row.get(1)) >= threshold) big.add(bot);
            }
            Set<UUID> existing = new HashSet<>();
            // Only valid ones: a CONCURRENTLY build that died leaves an invalid index, rebuilt below.
            for (List<String> row : session.query("SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                    + "WHERE i.indisvalid AND c.relname LIKE '" + VECTOR_PREFIX + "%'")) {
                existing.add(botOf(row.get(0)));
            }
            for (UUID bot : existing) {
                if (keep.contains(bot)) continue;
                session.execute("DROP INDEX CONCURRENTLY IF EXISTS " + VECTOR_PREFIX + hex(bot));
                session.execute("DROP INDEX CONCURRENTLY IF EXISTS " + TEXT_PREFIX + hex(bot));
                log.info("Dropped the own indexes of bot {}", bot);
            }
            for (UUID bot : big) {
                if (!existing.contains(bot)) build(session, bot);
            }
            keep.retainAll(existing);
            indexed.addAll(keep);
            indexed.addAll(big);
        });
        return indexed;
    }

    private void build(SchemaMaintenance.Session session, UUID bot) throws SQLException {
        long started = System.nanoTime();
        // A failed CONCURRENTLY build leaves an invalid index behind; drop it first so a retry starts clean.
        session.execute("DROP INDEX CONCURRENTLY IF EXISTS " + TEXT_PREFIX + hex(bot));
        session.execute("DROP INDEX CONCURRENTLY IF EXISTS " + VECTOR_PREFIX + hex(bot));
        session.execute("SET maintenance_work_mem = '" + properties.indexBuildMemory().toMegabytes() + "MB'");
        // The text index first: the vector index's name marks a bot as done.
        session.execute("CREATE INDEX CONCURRENTLY " + TEXT_PREFIX + hex(bot) + " ON chunks USING gin (tsv) WHERE bot_id = '" + bot + "'");
        session.execute("CREATE INDEX CONCURRENTLY " + VECTOR_PREFIX + hex(bot) + " ON chunks USING hnsw (embedding vector_cosine_ops) "
                + "WITH (m = 16, ef_construction = 64) WHERE bot_id = '" + bot + "'");
        log.info("Bot {} passed {} chunks: built its own vector and text index in {} ms", bot, properties.ownIndexThreshold(),
                (System.nanoTime() - started) / 1_000_000);
    }

    static String hex(UUID bot) {
        return bot.toString().replace("-", "");
    }

    static UUID botOf(String indexName) {
        String hex = indexName.substring(indexName.lastIndexOf('_') + 1);
        return UUID.fromString(hex.replaceFirst("(\\p{XDigit}{8})(\\p{XDigit}{4})(\\p{XDigit}{4})(\\p{XDigit}{4})(\\p{XDigit}{12})", "$1-$2-$3-$4-$5"));
    }
}
