package dev.parley.retrieval;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How retrieval finds and judges passages.
 *
 * @param candidates        passages each side (vector, full text) brings to the fusion
 * @param minSimilarity     cosine similarity below which a passage is not evidence (bge-small scale)
 * @param curatedMatch      similarity at which a curated Q&A pair counts as the question asked
 * @param textCandidates    full-text matches ranked at most, which bounds ts_rank's cost (3,000: hybrid
 *                          recall@10 0.98 on a 100k-chunk bot, 1,000: 0.95; docs/benchmarks.md)
 * @param ownIndexThreshold chunks at which a bot gets its own HNSW and GIN index
 * @param indexCheck        how often bots are checked against that threshold
 * @param indexBuildMemory  maintenance_work_mem for building one such index
 * @param cacheSize         entries per cache (query vectors, bot indexes)
 */
@ConfigurationProperties("parley.retrieval")
public record RetrievalProperties(@DefaultValue("40") int candidates,
                                  @DefaultValue("0.55") double minSimilarity,
                                  @DefaultValue("0.8") double curatedMatch,
                                  @DefaultValue("3000") int textCandidates,
                                  @DefaultValue("10000") int ownIndexThreshold,
                                  @DefaultValue("5m") Duration indexCheck,
                                  @DefaultValue("256MB") DataSize indexBuildMemory,
                                  @DefaultValue("10000") int cacheSize) {}
