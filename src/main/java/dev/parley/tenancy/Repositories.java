package dev.parley.tenancy;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

// Repositories see only the bound tenant's rows: row-level security filters every query.

interface TenantRepository extends JpaRepository<TenantEntity, UUID> {}

interface UserRepository extends JpaRepository<UserEntity, UUID> {}

interface MembershipRepository extends JpaRepository<MembershipEntity, MembershipEntity.Key> {
    List<MembershipEntity> findAllByOrderByCreatedAtAsc();

    long countByRole(Role role);
}

interface InvitationRepository extends JpaRepository<InvitationEntity, UUID> {
    List<InvitationEntity> findByAcceptedAtIsNullAndRevokedAtIsNullOrderByCreatedAtDesc();
}

interface BotRepository extends JpaRepository<BotEntity, UUID> {
    List<BotEntity> findAllByOrderByNameAscIdAsc();

    Optional<BotEntity> findByPublicKey(String publicKey);

    @Query(value = "SELECT avatar FROM bots WHERE id = :id AND avatar IS NOT NULL", nativeQuery = true)
    Optional<byte[]> findAvatar(@Param("id") UUID id);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = "UPDATE bots SET avatar = :png, avatar_version = :version, updated_at = now() WHERE id = :id", nativeQuery = true)
    int storeAvatar(@Param("id") UUID id, @Param("png") byte[] png, @Param("version") String version);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(value = "UPDATE bots SET avatar = NULL, avatar_version = NULL, updated_at = now() WHERE id = :id", nativeQuery = true)
    int clearAvatar(@Param("id") UUID id);
}

interface ApiKeyRepository extends JpaRepository<ApiKeyEntity, UUID> {
    List<ApiKeyEntity> findAllByOrderByCreatedAtDesc();
}
