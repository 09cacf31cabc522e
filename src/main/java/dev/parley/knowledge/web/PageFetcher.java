package dev.parley.knowledge.web;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;

/**
 * GET requests as the crawler makes them: http(s) only, the address policy checked before every
 * hop, redirects followed by hand and only within the original host, one deadline for headers and
 * body together, and a body cap enforced while reading. Non-2xx answers are returned, not thrown.
 */
public final class PageFetcher implements AutoCloseable {

    /** A final answer. The body is null unless the status is 2xx and the type was accepted. */
    public record Response(URI url, int status, String mimeType, String charset, byte[] body) {
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    private final CrawlerSettings settings;
    private final AddressPolicy policy;
    private final HostThrottle throttle;
    private final HttpClient client;
    private volatile Duration delay;

    public PageFetcher(CrawlerSettings settings, AddressPolicy policy, HostThrottle throttle) {
        this.settings = settings;
        this.policy = policy;
        this.throttle = throttle;
        this.delay = settings.politenessDelay();
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** A robots.txt Crawl-delay slows this fetcher down, up to the configured cap. */
    public void honourCrawlDelay(Duration crawlDelay) {
        Duration capped = crawlDelay.compareTo(settings.maxCrawlDelay()) > 0 ? settings.maxCrawlDelay() : crawlDelay;
        if (capped.compareTo(delay) > 0) delay = capped;
    }

    public Response get(URI url, long maxBytes, String accept, Predicate<String> acceptedType) throws FetchFailure {
        URI current = url;
        for (int hop = 0; ; hop++) {
            policy.check(current);
            Exchange exchange = send(current, maxBytes, accept, acceptedType);
            HttpResponse<byte[]> response = exchange.response();
            int status = response.statusCode();
            if (!isRedirect(status)) return toResponse(current, response, maxBytes);
            String location = response.headers().firstValue("location").orElse(null);
            if (location == null) throw FetchFailure.failed("The server answered a redirect (" + status + ") without a target.");
            if (hop >= settings.maxRedirects()) throw FetchFailure.failed("More than " + settings.maxRedirects() + " redirects.");
            URI next;
            try {
                next = WebUrls.normalize(current.resolve(location.strip()));
            } catch (FetchFailure | IllegalArgumentException e) {
                throw FetchFailure.refused(WebUrls.shorten(current.toString()) + " redirects to '" + WebUrls.shorten(location)
                        + "', which is not an http(s) address.");
            }
            if (!WebUrls.sameHost(next, url)) {
                throw FetchFailure.refused(WebUrls.shorten(current.toString()) + " redirects to another host (" + next.getHost()
                        + "); Parley only follows redirects within the same site. Add the other address directly if it is wanted.");
            }
            current = next;
        }
    }

    private record Exchange(HttpResponse<byte[]> response) {}

    private Exchange send(URI uri, long maxBytes, String accept, Predicate<String> acceptedType) throws FetchFailure {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("User-Agent", settings.userAgent())
                .header("Accept", accept)
                .GET().build();
        try {
            return throttle.call(uri.getHost(), delay, () -> {
                CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request, info -> {
                    if (info.statusCode() / 100 != 2 || !acceptedType.test(mime(info.headers().firstValue("content-type").orElse("")))
                            || info.headers().firstValueAsLong("content-length").orElse(-1) > maxBytes) {
                        return CappedBody.none();
                    }
                    return new CappedBody(maxBytes);
                });
                try {
                    return new Exchange(future.get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS));
                } catch (TimeoutException e) {
                    future.cancel(true);
                    throw new HttpTimeoutException("deadline");
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw FetchFailure.failed("The sync was interrupted.");
        } catch (ExecutionException e) {
            throw describe(uri, e.getCause() == null ? e : e.getCause(), maxBytes);
        } catch (Exception e) {
            throw describe(uri, e, maxBytes);
        }
    }

    private Response toResponse(URI url, HttpResponse<byte[]> response, long maxBytes) throws FetchFailure {
        String contentType = response.headers().firstValue("content-type").orElse("");
        if (response.statusCode() / 100 == 2 && response.body() == null
                && response.headers().firstValueAsLong("content-length").orElse(-1) > maxBytes) {
            throw tooLarge(maxBytes);
        }
        return new Response(url, response.statusCode(), mime(contentType), charset(contentType), response.body());
    }

    private FetchFailure describe(URI uri, Throwable error, long maxBytes) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof CappedBody.TooLarge) return tooLarge(maxBytes);
            if (t instanceof HttpConnectTimeoutException) {
                return FetchFailure.failed("Could not connect to " + uri.getHost() + " within " + seconds(settings.connectTimeout()) + ".");
            }
            if (t instanceof HttpTimeoutException) return FetchFailure.failed("No answer within " + seconds(settings.requestTimeout()) + ".");
            if (t instanceof ConnectException) return FetchFailure.failed("Could not connect to " + uri.getHost() + ".");
            if (t instanceof SSLException) return FetchFailure.failed("The secure connection to " + uri.getHost() + " failed (TLS).");
        }
        return FetchFailure.failed("The connection failed (" + (error instanceof IOException && error.getMessage() != null
                ? error.getMessage() : error.getClass().getSimpleName()) + ").");
    }

    private FetchFailure tooLarge(long maxBytes) {
        return FetchFailure.failed("Larger than the limit of " + (maxBytes >= 1024 * 1024 ? maxBytes / (1024 * 1024) + " MB"
                : maxBytes / 1024 + " KB") + ".");
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    static String mime(String contentType) {
        return contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    static String charset(String contentType) {
        for (String part : contentType.split(";")) {
            String p = part.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) return p.substring(8).replace("\"", "").strip();
        }
        return null;
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
