package dev.parley.knowledge;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface DocumentRepository extends JpaRepository<DocumentEntity, UUID> {
    List<DocumentEntity> findByBotIdOrderByCreatedAtDesc(UUID botId);

    List<DocumentEntity> findByBotIdAndContentHash(UUID botId, String contentHash);

    List<DocumentEntity> findBySourceId(UUID sourceId);

    Optional<DocumentEntity> findBySourceIdAndSourceUrl(UUID sourceId, String sourceUrl);
}
