package dev.parley;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of tests that need the real stack: the embedded PostgreSQL with pgvector, started by the
 * application's own launcher in a throwaway data directory, queried as the restricted app role.
 *
 * <p>The directory is per checkout (under /tmp, so the 'postgres' account can reach it when the
 * build runs as root) and shared by every Spring context of one test JVM: a second context adopts
 * the running cluster. Keep subclasses free of extra context configuration so they all share one
 * cached Spring context (MockMvc is configured here for that reason).
 */
@AutoConfigureMockMvc
@SpringBootTest(properties = {"parley.db.port=0", "parley.demo.enabled=false", "parley.operator-token=test-operator-token",
        "parley.knowledge.retry-backoff=200ms",
        // Webhook tests deliver to receivers on loopback, with backoff and timeouts short enough to watch.
        "parley.webhooks.allow-private-addresses=true", "parley.webhooks.retry-backoff=300ms",
        "parley.webhooks.retry-multiplier=2", "parley.webhooks.connect-timeout=1s", "parley.webhooks.response-timeout=1500ms",
        "parley.webhooks.polling-interval=200ms"})
public abstract class IntegrationTest {

    public static final Path DATA_DIR = Path.of(System.getProperty("java.io.tmpdir"), "parley-test-"
            + UUID.nameUUIDFromBytes(System.getProperty("user.dir").getBytes(StandardCharsets.UTF_8)).toString().substring(0, 8));

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("parley.data-dir", DATA_DIR::toString);
    }
}
