package dev.parley.tenancy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "users")
class UserEntity {
    @Id
    UUID id;
    String email;
    @Column(name = "display_name") String displayName;
    @Column(name = "password_hash") String passwordHash;
    @Column(name = "created_at", insertable = false, updatable = false) Instant createdAt;
    @Column(name = "last_login_at") Instant lastLoginAt;

    protected UserEntity() {}

    UserEntity(UUID id, String email, String displayName, String passwordHash) {
        this.id = id;
        this.email = email;
        this.displayName = displayName;
        this.passwordHash = passwordHash;
    }
}
