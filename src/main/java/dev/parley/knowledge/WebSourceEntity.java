package dev.parley.knowledge;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A row of knowledge_sources; RLS scopes it to the tenant like documents. */
@Entity
@Table(name = "knowledge_sources")
class WebSourceEntity {
    @Id UUID id;
    @Column(name = "tenant_id", updatable = false) UUID tenantId;
    @Column(name = "bot_id", updatable = false) UUID botId;
    @Enumerated(EnumType.STRING) @Column(updatable = false) SourceKind kind;
    @Column(updatable = false) String url;
    @Column(name = "max_pages") int maxPages;
    @Column(name = "max_depth") int maxDepth;
    @Column(name = "resync_hours") Integer resyncHours;
    @Enumerated(EnumType.STRING) SourceStatus status = SourceStatus.QUEUED;
    @Column(name = "last_error") String lastError;
    String note;
    @Column(name = "pages_found") int pagesFound;
    @Column(name = "pages_failed") int pagesFailed;
    @Column(name = "last_synced_at") Instant lastSyncedAt;
    @Column(name = "created_at", insertable = false, updatable = false) Instant createdAt;

    protected WebSourceEntity() {}

    WebSourceEntity(UUID tenantId, UUID botId, SourceKind kind, String url, int maxPages, int maxDepth, Integer resyncHours) {
        this.id = UUID.randomUUID();
        this.tenantId = tenantId;
        this.botId = botId;
        this.kind = kind;
        this.url = url;
        this.maxPages = maxPages;
        this.maxDepth = maxDepth;
        this.resyncHours = resyncHours;
    }

    SourceSyncJob job() {
        return new SourceSyncJob(tenantId, id);
    }

    KnowledgeSource toView() {
        return new KnowledgeSource(id, botId, kind, url, maxPages, maxDepth, resyncHours, status, lastError, note, pagesFound,
                pagesFailed, lastSyncedAt, createdAt);
    }
}
