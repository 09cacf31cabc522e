package dev.parley.tenancy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Keyed by its random id alone in JPA; the table's key is (tenant_id, id) and RLS scopes it. */
@Entity
@Table(name = "invitations")
class InvitationEntity {
    @Id UUID id;
    @Column(name = "tenant_id") UUID tenantId;
    String email;
    @Enumerated(EnumType.STRING) Role role;
    @Column(name = "token_hash") String tokenHash;
    @Column(name = "invited_by") UUID invitedBy;
    @Column(name = "expires_at") Instant expiresAt;
    @Column(name = "accepted_at") Instant acceptedAt;
    @Column(name = "revoked_at") Instant revokedAt;
    @Column(name = "created_at", insertable = false, updatable = false) Instant createdAt;

    protected InvitationEntity() {}

    InvitationEntity(UUID tenantId, String email, Role role, String tokenHash, UUID invitedBy, Instant expiresAt) {
        this.id = UUID.randomUUID();
        this.tenantId = tenantId;
        this.email = email;
        this.role = role;
        this.tokenHash = tokenHash;
        this.invitedBy = invitedBy;
        this.expiresAt = expiresAt;
    }
}
