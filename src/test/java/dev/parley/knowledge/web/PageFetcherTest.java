package dev.parley.knowledge.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PageFetcherTest {

    static final CrawlerSettings SETTINGS = CrawlerSettings.defaults().withPrivateAddresses(true)
            .withPoliteness(Duration.ofMillis(10)).withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(500));
    static final Predicate<String> HTML = "text/html"::equals;

    final TestSite site = TestSite.start();
    PageFetcher fetcher = new PageFetcher(SETTINGS, new AddressPolicy(true), new HostThrottle());

    @AfterEach
    void close() {
        fetcher.close();
        site.close();
    }

    PageFetcher.Response get(String path, long max) throws FetchFailure {
        return fetcher.get(URI.create(site.url(path)), max, "text/html", HTML);
    }

    @Test
    void sendsTheUserAgentAndFollowsRedirectsWithinTheHost() throws Exception {
        site.redirect("/old", "/new").page("/new", "<p>hello</p>");
        var response = get("/old", 1000);
        assertThat(response.url()).isEqualTo(URI.create(site.url("/new")));
        assertThat(new String(response.body())).isEqualTo("<p>hello</p>");
        assertThat(response.charset()).isEqualTo("utf-8");
        assertThat(site.hits()).extracting(TestSite.Hit::userAgent).containsOnly("ParleyBot/0.1 (self-hosted knowledge crawler)");
    }

    @Test
    void aRedirectToAnotherHostIsRefusedAndNotFollowed() {
        site.redirect("/old", "http://localhost:" + site.port() + "/elsewhere").page("/elsewhere", "<p>other host</p>");
        assertThatThrownBy(() -> get("/old", 1000)).isInstanceOf(FetchFailure.class)
                .hasMessageContaining("redirects to another host (localhost)")
                .extracting(e -> ((FetchFailure) e).kind()).isEqualTo(FetchFailure.Kind.REFUSED);
        assertThat(site.paths()).containsExactly("/old");
    }

    @Test
    void everyRedirectHopIsCheckedAgainstTheAddressPolicy() throws Exception {
        // DNS that answers a public address first and a private one on the next look-up (rebinding)
        AtomicInteger lookups = new AtomicInteger();
        AddressPolicy.Resolver rebinding = host -> new InetAddress[] {
                InetAddress.getByName(lookups.getAndIncrement() == 0 ? "93.184.215.14" : "10.0.0.1")};
        fetcher.close();
        fetcher = new PageFetcher(SETTINGS, new AddressPolicy(false, rebinding), new HostThrottle());
        site.redirect("/a", "/b").page("/b", "<p>internal</p>");
        assertThatThrownBy(() -> get("/a", 1000)).hasMessageContaining("private, local or reserved network address (10.0.0.1)");
        assertThat(site.paths()).containsExactly("/a");
    }

    @Test
    void aServerThatNeverAnswersCostsOneTimeout() {
        site.hang("/slow");
        long start = System.nanoTime();
        assertThatThrownBy(() -> get("/slow", 1000)).hasMessage("No answer within 0.5 s.");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void bodiesPastTheCapAreRefusedWithOrWithoutContentLength() {
        byte[] big = new byte[300_000];
        site.answer("/declared", new TestSite.Answer(200, "text/html", big, Map.of()))
                .answer("/chunked", new TestSite.Answer(200, "text/html", big, Map.of("X-Test-Chunked", "1")));
        assertThatThrownBy(() -> get("/declared", 100_000)).hasMessage("Larger than the limit of 97 KB.");
        assertThatThrownBy(() -> get("/chunked", 100_000)).hasMessage("Larger than the limit of 97 KB.");
    }

    @Test
    void errorsAndUnwantedTypesComeBackWithoutABody() throws Exception {
        site.text("/boom", 500, "text/html", "<p>stack trace</p>").text("/file", 200, "application/pdf", "%PDF");
        assertThat(get("/boom", 1000)).satisfies(r -> {
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.body()).isNull();
        });
        assertThat(get("/file", 1000)).satisfies(r -> {
            assertThat(r.mimeType()).isEqualTo("application/pdf");
            assertThat(r.body()).isNull();
        });
    }

    @Test
    void requestsToOneHostAreSpacedByThePolitenessDelay() throws Exception {
        fetcher.close();
        fetcher = new PageFetcher(SETTINGS.withPoliteness(Duration.ofMillis(300)), new AddressPolicy(true), new HostThrottle());
        site.page("/1", "<p>1</p>").page("/2", "<p>2</p>").page("/3", "<p>3</p>");
        get("/1", 1000);
        get("/2", 1000);
        get("/3", 1000);
        var hits = site.hits();
        for (int i = 1; i < hits.size(); i++) {
            assertThat(Duration.ofNanos(hits.get(i).nanos() - hits.get(i - 1).nanos())).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }
}
