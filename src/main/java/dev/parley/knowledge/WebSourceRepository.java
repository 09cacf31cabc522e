package dev.parley.knowledge;

import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface WebSourceRepository extends JpaRepository<WebSourceEntity, UUID> {
    List<WebSourceEntity> findByBotIdOrderByCreatedAtDesc(UUID botId);

    boolean existsByBotIdAndKindAndUrl(UUID botId, SourceKind kind, String url);
}
