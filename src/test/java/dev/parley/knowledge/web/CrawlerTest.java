package dev.parley.knowledge.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The crawl logic against a local site, without Spring or a database. */
class CrawlerTest {

    static final CrawlerSettings SETTINGS = CrawlerSettings.defaults().withPrivateAddresses(true)
            .withPoliteness(Duration.ofMillis(5)).withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2));

    final TestSite site = TestSite.start();
    final PageFetcher fetcher = new PageFetcher(SETTINGS, new AddressPolicy(true), new HostThrottle());
    final List<URI> indexed = new ArrayList<>();

    @AfterEach
    void close() {
        fetcher.close();
        site.close();
    }

    CrawlReport crawl(Crawler.Mode mode, String path, int maxPages, int maxDepth) {
        return new Crawler(SETTINGS, fetcher).crawl(new Crawler.Request(mode, URI.create(site.url(path)), maxPages, maxDepth),
                page -> indexed.add(page.url()));
    }

    static String page(String text, String... links) {
        StringBuilder s = new StringBuilder("<html><body><nav>");
        for (String link : links) s.append("<a href=\"").append(link).append("\">").append(link).append("</a>");
        return s.append("</nav><main><p>").append(text).append("</p></main></body></html>").toString();
    }

    @Test
    void siteCrawlStopsAtTheDepthLimit() {
        site.page("/", page("home", "/a")).page("/a", page("a", "/b")).page("/b", page("b", "/c")).page("/c", page("c"));
        var report = crawl(Crawler.Mode.SITE, "/", 100, 2);
        assertThat(report.fatal()).isNull();
        assertThat(indexed).extracting(URI::getPath).containsExactly("/", "/a", "/b");
        assertThat(site.paths()).doesNotContain("/c");
    }

    @Test
    void siteCrawlStopsAtThePageLimitAndSaysSo() {
        site.page("/", page("home", "/1", "/2", "/3", "/4")).prefix("/", p -> TestSite.Answer.html(page("page " + p)));
        var report = crawl(Crawler.Mode.SITE, "/", 3, 3);
        assertThat(indexed).hasSize(3);
        assertThat(report.found()).isEqualTo(5);
        assertThat(report.note()).contains("page limit of 3").contains("2 more linked pages");
    }

    @Test
    void aSinglePageSourceFollowsNoLinks() {
        site.page("/", page("home", "/a")).page("/a", page("a"));
        crawl(Crawler.Mode.PAGE, "/", 1, 0);
        assertThat(site.paths()).containsExactly("/robots.txt", "/");
    }

    @Test
    void sitemapIndexWithAGzippedChildAndAPlainOne() throws Exception {
        String base = site.url("");
        site.text("/sitemap.xml", 200, "application/xml", """
                <sitemapindex><sitemap><loc>%1$s/s1.xml.gz</loc></sitemap><sitemap><loc>%1$s/s2.xml</loc></sitemap></sitemapindex>"""
                .formatted(base));
        site.answer("/s1.xml.gz", new TestSite.Answer(200, "application/gzip",
                gzip("<urlset><url><loc>%s/one</loc></url></urlset>".formatted(base)), Map.of()));
        site.text("/s2.xml", 200, "text/xml", "<urlset><url><loc>%1$s/two</loc></url><url><loc>%1$s/three</loc></url></urlset>"
                .formatted(base));
        site.prefix("/", p -> TestSite.Answer.html(page("page " + p)));
        var report = crawl(Crawler.Mode.SITEMAP, "/sitemap.xml", 10, 0);
        assertThat(report.fatal()).isNull();
        assertThat(report.found()).isEqualTo(3);
        assertThat(indexed).extracting(URI::getPath).containsExactly("/one", "/two", "/three");
    }

    @Test
    void robotsTxtThatCannotBeReadStopsTheCrawlAndAMissingOneAllowsIt() {
        site.text("/robots.txt", 503, "text/plain", "busy").page("/", page("home"));
        var report = crawl(Crawler.Mode.SITE, "/", 10, 1);
        assertThat(report.fatal()).contains("robots.txt of 127.0.0.1 could not be read (HTTP 503)");
        assertThat(report.removesVanished()).isFalse();
        assertThat(site.paths()).containsExactly("/robots.txt");

        site.remove("/robots.txt");
        assertThat(crawl(Crawler.Mode.SITE, "/", 10, 1).fatal()).isNull();
        assertThat(indexed).hasSize(1);
    }

    @Test
    void robotsRulesSkipDisallowedPagesAndTheCrawlDelayIsHonoured() {
        site.text("/robots.txt", 200, "text/plain", "User-agent: parleybot\nDisallow: /private\nCrawl-delay: 0.2\n")
                .page("/", page("home", "/private/x", "/public")).page("/public", page("public")).page("/private/x", page("secret"));
        var report = crawl(Crawler.Mode.SITE, "/", 10, 1);
        assertThat(site.paths()).containsExactly("/robots.txt", "/", "/public");
        assertThat(report.note()).contains("1 page disallowed by robots.txt");
        var hits = site.hits();
        assertThat(Duration.ofNanos(hits.get(2).nanos() - hits.get(1).nanos())).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aStartPageThatIsGoneFailsTheSourceButLetsItsPagesBeRemoved() {
        var report = crawl(Crawler.Mode.PAGE, "/missing", 1, 0);
        assertThat(report.fatal()).isEqualTo("The page no longer exists: The server answered HTTP 404.");
        assertThat(report.removesVanished()).isTrue();
        assertThat(report.keep()).isEmpty();
    }

    static byte[] gzip(String s) throws Exception {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
