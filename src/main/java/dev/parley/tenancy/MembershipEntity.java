package dev.parley.tenancy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "memberships")
@IdClass(MembershipEntity.Key.class)
class MembershipEntity {
    record Key(UUID tenantId, UUID userId) implements Serializable {
        Key() {
            this(null, null);
        }
    }

    @Id @Column(name = "tenant_id") UUID tenantId;
    @Id @Column(name = "user_id") UUID userId;
    @Enumerated(EnumType.STRING) Role role;
    @Column(name = "created_at", insertable = false, updatable = false) Instant createdAt;

    protected MembershipEntity() {}

    MembershipEntity(UUID tenantId, UUID userId, Role role) {
        this.tenantId = tenantId;
        this.userId = userId;
        this.role = role;
    }
}
