package dev.parley.tenancy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "tenants")
class TenantEntity {
    @Id
    UUID id;
    String name;
    @Column(name = "max_messages_per_day") Integer maxMessagesPerDay;
    @Column(name = "max_llm_tokens_per_month") Long maxLlmTokensPerMonth;
    @Column(name = "max_documents") Integer maxDocuments;
    @Column(name = "max_storage_bytes") Long maxStorageBytes;
    @Column(name = "created_at", insertable = false, updatable = false) Instant createdAt;

    protected TenantEntity() {}

    TenantEntity(UUID id, String name) {
        this.id = id;
        this.name = name;
    }
}
