package dev.parley;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of tests that need a real HTTP server (a browser, or streamed responses read as a client
 * reads them). All subclasses share one second Spring context on a random port, which adopts the
 * embedded PostgreSQL of the other tests; keep them free of extra context configuration.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"parley.db.port=0", "parley.demo.enabled=false", "parley.operator-token=test-operator-token",
                "parley.knowledge.retry-backoff=200ms",
                "parley.webhooks.allow-private-addresses=true", "parley.webhooks.retry-backoff=300ms",
                "parley.webhooks.retry-multiplier=2", "parley.webhooks.connect-timeout=1s",
                "parley.webhooks.response-timeout=1500ms", "parley.webhooks.polling-interval=200ms"})
public abstract class WebIntegrationTest extends IntegrationTest {

    @LocalServerPort
    protected int port;

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }
}
