package dev.parley.knowledge;

import dev.parley.knowledge.embedding.Embedder;
import dev.parley.knowledge.embedding.EmbeddingFailure;
import dev.parley.knowledge.embedding.EmbeddingModels;
import dev.parley.knowledge.parsing.Chunker;
import dev.parley.knowledge.parsing.DocumentParser;
import dev.parley.knowledge.parsing.ParseFailure;
import dev.parley.knowledge.parsing.ParsedDocument;
import dev.parley.knowledge.parsing.PlainTextParser;
import dev.parley.knowledge.parsing.Section;
import dev.parley.knowledge.web.WebPageText;
import dev.parley.shared.TenantContext;
import dev.parley.shared.TenantId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One document from original to searchable chunks: PARSING, EMBEDDING, then a single transaction
 * that swaps the chunks and sets READY. Each step is safe to repeat, so a job revived after a
 * crash simply runs again from the start and ends with the same result.
 */
@Component
class IngestionPipeline {

    /** Outcome for the job runner: done, or failed with a reason and whether to retry. */
    sealed interface Outcome {
        record Done() implements Outcome {}

        record Failed(String reason, boolean retry) implements Outcome {}
    }

    private static final Logger log = LoggerFactory.getLogger(IngestionPipeline.class);

    private final DocumentRepository documents;
    private final BlobStore blobs;
    private final Optional<DocumentParser> fileParser;
    private final EmbeddingModels models;
    private final ActiveModels activeModels;
    private final ChunkStore chunks;
    private final KnowledgeProperties properties;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final BotLanguages botLanguages;
    private final Timer parseTimer;
    private final Timer embedTimer;

    IngestionPipeline(DocumentRepository documents, BlobStore blobs, Optional<DocumentParser> fileParser, EmbeddingModels models,
                      ActiveModels activeModels, ChunkStore chunks, KnowledgeProperties properties, TransactionTemplate tx,
                      ApplicationEventPublisher events, BotLanguages botLanguages, MeterRegistry meters) {
        this.documents = documents;
        this.blobs = blobs;
        this.fileParser = fileParser;
        this.models = models;
        this.activeModels = activeModels;
        this.chunks = chunks;
        this.properties = properties;
        this.tx = tx;
        this.events = events;
        this.botLanguages = botLanguages;
        this.parseTimer = meters.timer("parley.ingestion.parse");
        this.embedTimer = meters.timer("parley.ingestion.embed");
    }

    Outcome run(IngestionJob job) {
        return TenantContext.callAs(new TenantId(job.tenantId()), null, () -> {
            Optional<DocumentEntity> found = step(job, DocumentStatus.PARSING);
            if (found.isEmpty()) return new Outcome.Done(); // deleted meanwhile: nothing to do
            DocumentEntity doc = found.get();
            try {
                String language = botLanguages.languageOf(doc.botId);
                Embedder embedder = embedderFor(doc.botId);
                List<ChunkStore.Row> rows = doc.sourceType == SourceType.QA ? qaRows(doc, embedder) : parsedRows(doc, language, job, embedder);
                if (rows.isEmpty()) return fail(job, "No text could be extracted.", false);
                int stored = tx.execute(status -> {
                    DocumentEntity current = documents.findById(doc.id).orElse(null);
                    if (current == null) return -1;
                    ChunkStore.Column column = column(activeModels.lockForWrite(doc.botId, models.current().model()), embedder.model());
                    if (column == null) return STALE;
                    int n = chunks.replace(current, rows, embedder.model(), column, QueryEmbeddings.textSearchConfig(language));
                    current.chunkCount = n;
                    current.attempts = 0;
                    current.moveTo(DocumentStatus.READY, null);
                    return n;
                });
                if (stored == STALE) return fail(job, "The bot switched embedding model while this document was indexed.", true);
                if (stored >= 0) {
                    events.publishEvent(new DocumentIngested(job.tenantId(), doc.botId, doc.id, stored));
                    log.info("Document {} READY with {} chunks", doc.id, stored);
                }
                return new Outcome.Done();
            } catch (ParseFailure e) {
                return fail(job, e.getMessage(), !e.permanent());
            } catch (ParseFailureCarrier e) {
                ParseFailure cause = (ParseFailure) e.getCause();
                return fail(job, cause.getMessage(), !cause.permanent());
            } catch (EmbeddingFailure e) {
                log.warn("Embedding of {} failed: {}", doc.id, e.getMessage());
                return fail(job, e.getMessage(), !e.permanent());
            } catch (RuntimeException e) {
                log.warn("Ingestion of {} failed: {}", doc.id, e.toString());
                return fail(job, "Indexing failed: " + e.getClass().getSimpleName(), true);
            }
        });
    }

    private static final int STALE = -2;

    /**
     * The bot's active model, so new chunks are searchable at once, also during a switch (whose job
     * then embeds them with the new model too); the current model when the active one is not
     * available on this node.
     */
    private Embedder embedderFor(UUID botId) {
        String active = tx.execute(status -> activeModels.of(botId));
        return models.forModel(active).orElse(models.current());
    }

    /** Where vectors of {@code model} go for a bot on {@code active}; null when the bot moved on meanwhile. */
    private ChunkStore.Column column(String active, String model) {
        if (active == null || active.equals(model)) return ChunkStore.Column.ACTIVE;
        if (model.equals(models.current().model())) return ChunkStore.Column.NEXT;
        return null;
    }

    private List<ChunkStore.Row> parsedRows(DocumentEntity doc, String language, IngestionJob job, Embedder embedder) throws ParseFailure {
        Path original = blobs.path(doc.blobKey);
        ParsedDocument parsed = parseTimer.record(() -> parseOrFail(doc, original));
        tx.executeWithoutResult(status -> documents.findById(doc.id).ifPresent(d -> {
            d.parsedChars = parsed.totalChars();
            d.moveTo(DocumentStatus.EMBEDDING, null);
        }));
        List<Chunker.Draft> drafts = new Chunker(properties.chunkChars(), properties.chunkOverlap())
                .chunk(parsed.sections(), Locale.forLanguageTag(language));
        // Identical chunks (a repeated footer, a boilerplate page) are embedded once.
        List<String> texts = drafts.stream().map(IngestionPipeline::embeddingText).toList();
        List<String> distinct = texts.stream().distinct().toList();
        Map<String, float[]> vectors = new HashMap<>();
        int batch = Math.max(1, properties.embeddingBatch());
        for (int i = 0; i < distinct.size(); i += batch) {
            List<String> slice = distinct.subList(i, Math.min(distinct.size(), i + batch));
            List<float[]> embedded = embedTimer.record(() -> embedder.embed(slice));
            for (int j = 0; j < slice.size(); j++) vectors.put(slice.get(j), embedded.get(j));
        }
        List<ChunkStore.Row> rows = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) rows.add(new ChunkStore.Row(drafts.get(i), vectors.get(texts.get(i)), false));
        return rows;
    }

    private static String embeddingText(Chunker.Draft draft) {
        return ChunkStore.embeddingText(draft.section().headingLabel(), draft.content());
    }

    private ParsedDocument parseOrFail(DocumentEntity doc, Path original) {
        try {
            if (doc.sourceType == SourceType.URL) return WebPageText.parse(original, properties.maxExtractedChars());
            if (doc.sourceType == SourceType.TEXT || "text/markdown".equals(doc.mimeType) || "text/plain".equals(doc.mimeType)) {
                return PlainTextParser.parse(original, properties.maxExtractedChars());
            }
            DocumentParser parser = fileParser.orElseThrow(() -> new ParseFailure(
                    "This file type cannot be indexed yet.", true));
            return parser.parse(original, doc.title, doc.mimeType);
        } catch (ParseFailure e) {
            throw new ParseFailureCarrier(e);
        }
    }

    private List<ChunkStore.Row> qaRows(DocumentEntity doc, Embedder embedder) throws ParseFailure {
        String[] qa = PlainTextParser.parse(blobs.path(doc.blobKey), properties.maxExtractedChars())
                .sections().getFirst().text().split("\n", 2);
        String content = "Q: " + qa[0].strip() + "\nA: " + (qa.length > 1 ? qa[1].strip() : "");
        Section section = new Section(List.of(), null, null, content);
        float[] vector = embedder.embed(List.of(content)).getFirst();
        return List.of(new ChunkStore.Row(new Chunker.Draft(content, section), vector, true));
    }

    private Optional<DocumentEntity> step(IngestionJob job, DocumentStatus next) {
        return Optional.ofNullable(tx.execute(status -> documents.findById(job.documentId()).map(d -> {
            d.attempts++;
            d.moveTo(next, null);
            return d;
        }).orElse(null)));
    }

    private Outcome fail(IngestionJob job, String reason, boolean retryable) {
        int attempts = tx.execute(status -> documents.findById(job.documentId()).map(d -> d.attempts).orElse(0));
        boolean retry = retryable && attempts < properties.maxAttempts();
        tx.executeWithoutResult(status -> documents.findById(job.documentId()).ifPresent(d -> {
            if (retry) d.moveTo(DocumentStatus.QUEUED, reason + " Retrying.");
            else d.moveTo(DocumentStatus.FAILED, reason);
        }));
        if (!retry) events.publishEvent(new DocumentFailed(job.tenantId(), job.documentId(), reason));
        return new Outcome.Failed(reason, retry);
    }

    /** Lets a checked ParseFailure cross Timer.record's lambda. */
    static final class ParseFailureCarrier extends RuntimeException {
        ParseFailureCarrier(ParseFailure cause) {
            super(cause);
        }
    }
}
