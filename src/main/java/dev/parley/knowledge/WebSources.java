package dev.parley.knowledge;

import static dev.parley.knowledge.UploadRefused.Reason.INVALID;
import static dev.parley.knowledge.UploadRefused.Reason.NOT_FOUND;

import dev.parley.knowledge.web.FetchFailure;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.CurrentRole;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A bot's web sources: a page, a site or a sitemap, synced now and then every {@code resyncHours}
 * (or never again when null), on demand with {@link #resync}. Each page becomes a URL document of
 * the source. URLs are checked on submit (http/https, public address) so a refused one is never
 * stored; the crawler checks again before every request and redirect.
 */
@Service
public class WebSources {

    public static final int MAX_PAGES = 10_000;
    public static final int MAX_DEPTH = 10;

    private final WebSourceRepository sources;
    private final DocumentRepository documents;
    private final BlobStore blobs;
    private final IngestionScheduler jobs;
    private final Crawling crawling;
    private final BotService bots;
    private final CurrentRole role;
    private final TransactionTemplate tx;
    private final DocumentRemoval removal;

    WebSources(WebSourceRepository sources, DocumentRepository documents, BlobStore blobs, IngestionScheduler jobs,
               Crawling crawling, BotService bots, CurrentRole role, TransactionTemplate tx, DocumentRemoval removal) {
        this.sources = sources;
        this.documents = documents;
        this.blobs = blobs;
        this.jobs = jobs;
        this.crawling = crawling;
        this.bots = bots;
        this.role = role;
        this.tx = tx;
        this.removal = removal;
    }

    public KnowledgeSource addPage(UUID botId, String url) {
        return add(botId, SourceKind.PAGE, url, 1, 0, null);
    }

    public KnowledgeSource addSite(UUID botId, String url, int maxPages, int maxDepth, Integer resyncHours) {
        return add(botId, SourceKind.SITE, url, maxPages, maxDepth, resyncHours);
    }

    public KnowledgeSource addSitemap(UUID botId, String url, int maxPages, Integer resyncHours) {
        return add(botId, SourceKind.SITEMAP, url, maxPages, 0, resyncHours);
    }

    public List<KnowledgeSource> listSources(UUID botId) {
        return tx.execute(status -> sources.findByBotIdOrderByCreatedAtDesc(botId).stream().map(WebSourceEntity::toView).toList());
    }

    public Optional<KnowledgeSource> findSource(UUID sourceId) {
        return tx.execute(status -> sources.findById(sourceId).map(WebSourceEntity::toView));
    }

    /** Syncs the source now. While a sync of it is running, nothing changes: that one is current. */
    public KnowledgeSource resync(UUID sourceId) {
        role.requireKnowledgeEditor();
        return tx.execute(status -> {
            WebSourceEntity source = sources.findById(sourceId).orElseThrow(
                    () -> new UploadRefused(NOT_FOUND, null, "This source no longer exists."));
            if (jobs.requestSync(source.job())) source.status = SourceStatus.QUEUED;
            return source.toView();
        });
    }

    /** Removes the source, its pages' documents and chunks, and (after commit) their originals. */
    public void deleteSource(UUID sourceId) {
        role.requireKnowledgeEditor();
        tx.executeWithoutResult(status -> sources.findById(sourceId).ifPresent(source -> {
            List<DocumentEntity> pages = documents.findBySourceId(source.id);
            removal.remove(pages);
            sources.delete(source);
            sources.flush();
            jobs.cancelSync(source.job());
        }));
    }

    private KnowledgeSource add(UUID botId, SourceKind kind, String url, int maxPages, int maxDepth, Integer resyncHours) {
        role.requireKnowledgeEditor();
        if (maxPages < 1 || maxPages > MAX_PAGES) {
            throw new UploadRefused(INVALID, "maxPages", "The page limit must be between 1 and " + MAX_PAGES + ".");
        }
        if (maxDepth < 0 || maxDepth > MAX_DEPTH) {
            throw new UploadRefused(INVALID, "maxDepth", "The link depth must be between 0 and " + MAX_DEPTH + ".");
        }
        if (resyncHours != null && (resyncHours < 1 || resyncHours > 8760)) {
            throw new UploadRefused(INVALID, "resyncHours", "Re-sync every 1 to 8760 hours, or never.");
        }
        URI checked;
        try {
            checked = crawling.check(url); // outside the transaction: it may wait for DNS
        } catch (FetchFailure e) {
            throw new UploadRefused(INVALID, "url", e.getMessage());
        }
        return tx.execute(status -> {
            if (botId == null || bots.find(botId).isEmpty()) {
                throw new UploadRefused(NOT_FOUND, null, "This bot does not exist.");
            }
            if (sources.existsByBotIdAndKindAndUrl(botId, kind, checked.toString())) {
                throw new UploadRefused(INVALID, "url", "This address is already a source of this bot. Re-sync it instead.");
            }
            WebSourceEntity source = new WebSourceEntity(role.tenantId(), botId, kind, checked.toString(), maxPages, maxDepth,
                    resyncHours);
            sources.saveAndFlush(source);
            jobs.scheduleSync(source.job());
            return source.toView();
        });
    }
}
