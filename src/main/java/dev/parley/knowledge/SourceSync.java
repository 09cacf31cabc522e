package dev.parley.knowledge;

import dev.parley.knowledge.web.CrawlReport;
import dev.parley.knowledge.web.Crawler;
import dev.parley.knowledge.web.HtmlExtractor;
import dev.parley.knowledge.web.WebPageText;
import dev.parley.shared.TenantContext;
import dev.parley.shared.TenantId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One sync of one web source, run by its durable job with the source's tenant bound. Each page is
 * written in its own short transaction as it arrives: a page whose extracted text has the same
 * hash as its document is left alone; a new or changed one gets a new original and an ingestion
 * job. At the end, pages that vanished (404/410, no longer linked or listed) lose their documents,
 * unless the crawl was cut short and cannot know.
 */
@Component
class SourceSync {

    private static final Logger log = LoggerFactory.getLogger(SourceSync.class);

    private final WebSourceRepository sources;
    private final DocumentRepository documents;
    private final BlobStore blobs;
    private final IngestionScheduler jobs;
    private final Crawling crawling;
    private final TransactionTemplate tx;
    private final DocumentRemoval removal;

    SourceSync(WebSourceRepository sources, DocumentRepository documents, BlobStore blobs, IngestionScheduler jobs,
               Crawling crawling, TransactionTemplate tx, DocumentRemoval removal) {
        this.sources = sources;
        this.documents = documents;
        this.blobs = blobs;
        this.jobs = jobs;
        this.crawling = crawling;
        this.tx = tx;
        this.removal = removal;
    }

    /** Syncs the source; returns when its next scheduled sync is due, empty for none (or when it is gone). */
    Optional<Instant> run(SourceSyncJob job) {
        return TenantContext.callAs(new TenantId(job.tenantId()), null, () -> {
            WebSourceEntity source = tx.execute(status -> sources.findById(job.sourceId()).map(s -> {
                s.status = SourceStatus.SYNCING;
                return s;
            }).orElse(null));
            if (source == null) return Optional.empty();
            CrawlReport report;
            try (Crawling.Session session = crawling.open()) {
                report = session.crawler().crawl(request(source), page -> store(job, page));
            } catch (RuntimeException e) {
                log.warn("Sync of source {} failed", job.sourceId(), e);
                return finishFailed(job, "The sync failed unexpectedly (" + e.getClass().getSimpleName() + ").");
            }
            if (report.stopped()) return Optional.empty();
            log.info("Source {} synced: {} pages indexed, {} failed, fatal: {}", job.sourceId(), report.indexedCount(),
                    report.failedCount(), report.fatal());
            return finish(job, report);
        });
    }

    private static Crawler.Request request(WebSourceEntity source) {
        return new Crawler.Request(Crawler.Mode.valueOf(source.kind.name()), URI.create(source.url), source.maxPages,
                source.maxDepth);
    }

    /** Writes one page; false when the source is gone (the crawl stops). */
    private boolean store(SourceSyncJob job, HtmlExtractor.Page page) {
        byte[] text = WebPageText.render(page.sections()).getBytes(StandardCharsets.UTF_8);
        String hash = HexFormat.of().formatHex(BlobStore.sha256().digest(text));
        String url = page.url().toString();
        return Boolean.TRUE.equals(tx.execute(status -> {
            WebSourceEntity source = sources.findById(job.sourceId()).orElse(null);
            if (source == null) return false;
            DocumentEntity doc = documents.findBySourceIdAndSourceUrl(source.id, url).orElse(null);
            if (doc != null && hash.equals(doc.contentHash) && doc.status != DocumentStatus.FAILED) {
                doc.title = page.title(); // same content: no new original, no re-index
                return true;
            }
            boolean created = doc == null;
            if (created) {
                doc = new DocumentEntity(source.tenantId, source.botId, page.title(), SourceType.URL);
                doc.sourceId = source.id;
                doc.sourceUrl = url;
                doc.mimeType = "text/markdown";
            }
            doc.title = page.title();
            storeOriginal(doc, text, created);
            doc.attempts = 0;
            doc.moveTo(DocumentStatus.QUEUED, null);
            documents.saveAndFlush(doc);
            jobs.enqueue(new IngestionJob(doc.tenantId, doc.id));
            return true;
        }));
    }

    private void storeOriginal(DocumentEntity doc, byte[] text, boolean created) {
        try {
            BlobStore.Stored stored = blobs.store(doc.tenantId, doc.id, new ByteArrayInputStream(text), Long.MAX_VALUE);
            doc.blobKey = stored.key();
            doc.sizeBytes = stored.size();
            doc.contentHash = stored.sha256();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!created) return; // an update replaced the file in place; the next sync repairs a rolled-back one by its hash
        String key = doc.blobKey;
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status != STATUS_COMMITTED) blobs.delete(key);
            }
        });
    }

    private Optional<Instant> finish(SourceSyncJob job, CrawlReport report) {
        Set<String> keep = report.keep().stream().map(URI::toString).collect(Collectors.toSet());
        return tx.execute(status -> sources.findById(job.sourceId()).map(source -> {
            if (report.removesVanished()) {
                for (DocumentEntity doc : documents.findBySourceId(source.id)) {
                    if (!keep.contains(doc.sourceUrl)) remove(doc);
                }
            }
            source.pagesFound = (int) Math.min(Integer.MAX_VALUE, report.found());
            source.pagesFailed = report.failedCount();
            source.note = report.note();
            if (report.fatal() != null) {
                source.status = SourceStatus.FAILED;
                source.lastError = report.fatal();
            } else {
                source.status = SourceStatus.READY;
                source.lastError = null;
                source.lastSyncedAt = Instant.now();
            }
            return next(source);
        }).orElse(Optional.empty()));
    }

    private Optional<Instant> finishFailed(SourceSyncJob job, String reason) {
        return tx.execute(status -> sources.findById(job.sourceId()).map(source -> {
            source.status = SourceStatus.FAILED;
            source.lastError = reason;
            return next(source);
        }).orElse(Optional.empty()));
    }

    private void remove(DocumentEntity doc) {
        removal.remove(List.of(doc));
    }

    private static Optional<Instant> next(WebSourceEntity source) {
        return Optional.ofNullable(source.resyncHours).map(h -> Instant.now().plus(Duration.ofHours(h)));
    }
}
