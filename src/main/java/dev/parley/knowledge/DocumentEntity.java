package dev.parley.knowledge;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** Keyed by its random id in JPA; the table's key is (tenant_id, id) and RLS scopes it. */
@Entity
@Table(name = "documents")
class DocumentEntity {
    @Id UUID id;
    @Column(name = "tenant_id", updatable = false) UUID tenantId;
    @Column(name = "bot_id", updatable = false) UUID botId;
    String title;
    @Enumerated(EnumType.STRING) @Column(name = "source_type") SourceType sourceType;
    @Column(name = "source_url") String sourceUrl;
    @Column(name = "source_id") UUID sourceId;
    @Column(name = "mime_type") String mimeType;
    @Column(name = "size_bytes") long sizeBytes;
    @Column(name = "content_hash") String contentHash;
    @Column(name = "blob_key") String blobKey;
    @Enumerated(EnumType.STRING) DocumentStatus status = DocumentStatus.QUEUED;
    @Column(name = "failure_reason") String failureReason;
    @Column(name = "chunk_count") int chunkCount;
    int attempts;
    @Column(name = "parsed_chars") Integer parsedChars;
    @JdbcTypeCode(SqlTypes.ARRAY) @Column(name = "shared_hashes") List<String> sharedHashes = new ArrayList<>();
    @Column(name = "created_at", updatable = false) Instant createdAt = Instant.now();
    @Column(name = "updated_at") Instant updatedAt = Instant.now();

    protected DocumentEntity() {}

    DocumentEntity(UUID tenantId, UUID botId, String title, SourceType sourceType) {
        this.id = UUID.randomUUID();
        this.tenantId = tenantId;
        this.botId = botId;
        this.title = title;
        this.sourceType = sourceType;
    }

    void moveTo(DocumentStatus next, String reason) {
        status = next;
        failureReason = reason;
        updatedAt = Instant.now();
    }

    KnowledgeDocument toView() {
        return new KnowledgeDocument(id, botId, title, sourceType, sourceUrl, mimeType, sizeBytes, status,
                failureReason, chunkCount, createdAt, updatedAt);
    }
}
