package dev.parley.knowledge;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits and places of the ingestion pipeline. Every limit exists because a hostile or broken
 * file otherwise costs memory or time without bound (figures in shared/notes/rag-spike.md).
 *
 * @param blobDir           where originals are kept; default {@code <data dir>/blobs}
 * @param maxUploadSize     refused before buffering
 * @param maxExtractedChars text kept from one document
 * @param parseTimeout      a parse running longer is killed (it runs in a child process)
 * @param parserHeap        heap of the parser child process
 * @param maxEmbeddedDepth  how deep documents inside documents are read (attachments, archives in a DOCX)
 * @param maxEmbeddedCount  how many embedded documents one file may have read
 * @param maxAttempts       a job failing this often ends FAILED
 * @param retryBackoff      wait before the first retry; each further one waits three times longer
 * @param chunkChars        target chunk size in characters
 * @param chunkOverlap      characters repeated between neighbouring chunks
 * @param embeddingBatch    texts per embedding call of the pipeline and of a model switch (the
 *                          local model splits them into its own inference batches)
 */
@ConfigurationProperties("parley.knowledge")
public record KnowledgeProperties(Path blobDir,
                                  @DefaultValue("50MB") DataSize maxUploadSize,
                                  @DefaultValue("5000000") int maxExtractedChars,
                                  @DefaultValue("60s") Duration parseTimeout,
                                  @DefaultValue("384MB") DataSize parserHeap,
                                  @DefaultValue("2") int maxEmbeddedDepth,
                                  @DefaultValue("50") int maxEmbeddedCount,
                                  @DefaultValue("3") int maxAttempts,
                                  @DefaultValue("5s") Duration retryBackoff,
                                  @DefaultValue("1000") int chunkChars,
                                  @DefaultValue("150") int chunkOverlap,
                                  @DefaultValue("32") int embeddingBatch) {}
