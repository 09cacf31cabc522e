package dev.parley.tenancy;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

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
}

interface ApiKeyRepository extends JpaRepository<ApiKeyEntity, UUID> {
    List<ApiKeyEntity> findAllByOrderByCreatedAtDesc();
}
