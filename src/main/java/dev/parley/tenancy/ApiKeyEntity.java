package dev.parley.tenancy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "api_keys")
class ApiKeyEntity {
    @Id UUID id;
    @Column(name = "tenant_id") UUID tenantId;
    String name;
    String prefix;
    @Column(name = "secret_hash") String secretHash;
    @JdbcTypeCode(SqlTypes.ARRAY) List<String> scopes;
    @Column(name = "created_by") UUID createdBy;
    @Column(name = "created_at", insertable = false, updatable = false) Instant createdAt;
    @Column(name = "last_used_at") Instant lastUsedAt;
    @Column(name = "revoked_at") Instant revokedAt;

    protected ApiKeyEntity() {}

    ApiKeyEntity(UUID tenantId, String name, String prefix, String secretHash, List<String> scopes, UUID createdBy) {
        this.id = UUID.randomUUID();
        this.tenantId = tenantId;
        this.name = name;
        this.prefix = prefix;
        this.secretHash = secretHash;
        this.scopes = scopes;
        this.createdBy = createdBy;
    }
}
