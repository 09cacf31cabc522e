package dev.parley.webhooks;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How webhooks are sent (DD-044).
 *
 * @param allowPrivateAddresses lets endpoints on loopback and private networks through (a self-hosted
 *                              receiver next to Parley; tests). Link-local and cloud-metadata
 *                              addresses and Parley itself stay refused either way.
 * @param connectTimeout        a receiver that does not accept the connection by then fails the attempt
 * @param responseTimeout       a receiver that has not answered by then fails the attempt (TIMED_OUT)
 * @param maxAttempts           attempts per delivery before it is FAILED
 * @param retryBackoff          wait before the second attempt; each further one waits
 *                              {@code retryMultiplier} times longer (defaults: 5 attempts over about an hour)
 * @param retryMultiplier       growth of the wait between attempts
 * @param threads               deliveries in flight at once per node (on virtual threads)
 * @param pollingInterval       how often a node looks for due deliveries
 */
@ConfigurationProperties("parley.webhooks")
public record WebhookProperties(@DefaultValue("false") boolean allowPrivateAddresses,
                                @DefaultValue("3s") Duration connectTimeout,
                                @DefaultValue("10s") Duration responseTimeout,
                                @DefaultValue("5") int maxAttempts,
                                @DefaultValue("1m") Duration retryBackoff,
                                @DefaultValue("3.5") double retryMultiplier,
                                @DefaultValue("16") int threads,
                                @DefaultValue("2s") Duration pollingInterval) {

    /** The wait after the given failed attempt (1-based). */
    Duration backoffAfter(int attempt) {
        return Duration.ofMillis(Math.round(retryBackoff.toMillis() * Math.pow(retryMultiplier, Math.max(0, attempt - 1))));
    }
}
