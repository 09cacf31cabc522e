package dev.parley.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.springframework.stereotype.Component;

/**
 * Sends one signed POST. Short connect and response timeouts, no redirects (a redirect could lead
 * past the address check), and the response body is never read: only the status counts.
 */
@Component
class WebhookSender {

    private final WebhookProperties properties;
    private final HttpClient http;

    WebhookSender(WebhookProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    SendResult send(String url, String secret, UUID deliveryId, String eventType, String payload) {
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(properties.responseTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Parley-Webhooks/1")
                .header("Parley-Event", eventType)
                .header("Parley-Delivery", deliveryId.toString())
                .header(WebhookSignature.HEADER, WebhookSignature.header(secret, timestamp, payload))
                .POST(HttpRequest.BodyPublishers.ofString(payload))
                .build();
        long start = System.nanoTime();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
            int status = response.statusCode();
            SendResult.Outcome outcome = status >= 200 && status < 300 ? SendResult.Outcome.OK
                    : status == 410 ? SendResult.Outcome.GONE : SendResult.Outcome.HTTP_ERROR;
            return new SendResult(outcome, status, elapsed(start), outcome == SendResult.Outcome.OK ? "" : "HTTP " + status);
        } catch (HttpConnectTimeoutException e) {
            return new SendResult(SendResult.Outcome.CONNECTION_FAILED, null, elapsed(start),
                    "No connection within " + properties.connectTimeout().toMillis() + " ms");
        } catch (HttpTimeoutException e) {
            return new SendResult(SendResult.Outcome.TIMED_OUT, null, elapsed(start),
                    "Timed out: no answer within " + properties.responseTimeout().toMillis() + " ms");
        } catch (IOException e) {
            return new SendResult(SendResult.Outcome.CONNECTION_FAILED, null, elapsed(start),
                    "Connection failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendResult(SendResult.Outcome.CONNECTION_FAILED, null, elapsed(start), "Interrupted while sending (shutdown)");
        }
    }

    private static int elapsed(long start) {
        return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - start) / 1_000_000);
    }
}
