package dev.parley.tenancy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.springframework.data.domain.Persistable;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "users")
class UserEntity implements Persistable<UUID> {
    @Id
    UUID id;
    String email;
    @Column(name = "display_name") String displayName;
    @Column(name = "password_hash") String passwordHash;
    @Column(name = "created_at", insertable = false, updatable = false) Instant createdAt;
    @Column(name = "last_login_at") Instant lastLoginAt;

    // New rows are persisted, never merged: a merge would first SELECT the row, password hash
    // included, and the app role may not read that column.
    @Transient private boolean isNew = true;

    protected UserEntity() {}

    @Override
    public UUID getId() {
        return id;
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    @PostLoad
    @PostPersist
    void markNotNew() {
        isNew = false;
    }

    UserEntity(UUID id, String email, String displayName, String passwordHash) {
        this.id = id;
        this.email = email;
        this.displayName = displayName;
        this.passwordHash = passwordHash;
    }
}
