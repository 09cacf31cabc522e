package dev.parley.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import dev.parley.IntegrationTest;
import dev.parley.TestWorkspaces;
import dev.parley.knowledge.web.CrawlerSettings;
import dev.parley.knowledge.web.TestSite;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContextHolder;

/** Web sources end to end against a local site on 127.0.0.1: crawl, extract, ingest, re-sync. */
class WebSourcesTest extends IntegrationTest {

    static final CrawlerSettings LOCAL = CrawlerSettings.defaults().withPrivateAddresses(true)
            .withPoliteness(Duration.ofMillis(20)).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3));
    static final String NAV_AND_FOOTER = "NAVTOKEN";

    @Autowired TestWorkspaces workspaces;
    @Autowired WebSources web;
    @Autowired KnowledgeService knowledge;
    @Autowired Crawling crawling;
    @Autowired IngestionScheduler jobs;

    TestSite site;
    UUID bot;

    @BeforeEach
    void setUp() {
        crawling.use(LOCAL);
        site = TestSite.start();
        workspaces.newOwner();
        bot = workspaces.newBot("Helper").id();
    }

    @AfterEach
    void tearDown() {
        crawling.reset();
        site.close();
        SecurityContextHolder.clearContext();
    }

    // --- happy paths ---------------------------------------------------------------------------

    @Test
    void smallSiteIndexesMainContentWithPageUrlAndHeadingAnchor() {
        serveSmallSite("The basic plan costs 12 euros per month and includes two bicycles.");
        var source = awaitSynced(web.addSite(bot, site.url("/"), 10, 2, null).id());

        assertThat(source.status()).isEqualTo(SourceStatus.READY);
        assertThat(source.pagesFound()).isEqualTo(4);
        assertThat(source.note()).isNull();
        var docs = awaitDocuments(4);
        assertThat(docs).allSatisfy(d -> {
            assertThat(d.status()).isEqualTo(DocumentStatus.READY);
            assertThat(d.sourceType()).isEqualTo(SourceType.URL);
        });
        Map<String, KnowledgeDocument> byUrl = docs.stream().collect(Collectors.toMap(KnowledgeDocument::sourceUrl, Function.identity()));
        assertThat(byUrl).containsOnlyKeys(site.url("/"), site.url("/about"), site.url("/pricing"), site.url("/contact"));
        assertThat(byUrl.get(site.url("/pricing")).title()).isEqualTo("Pricing | Acme");

        List<KnowledgeChunk> all = docs.stream().flatMap(d -> knowledge.chunks(d.id()).stream()).toList();
        assertThat(all).isNotEmpty().allSatisfy(c -> assertThat(c.content())
                .doesNotContain(NAV_AND_FOOTER, "FOOTERTOKEN", "We use cookies", "HEADERTOKEN"));
        assertThat(knowledge.chunks(byUrl.get(site.url("/pricing")).id())).singleElement().satisfies(c -> {
            assertThat(c.content()).contains("12 euros per month");
            assertThat(c.headingPath()).isEqualTo("Pricing › Plans");
            assertThat(c.anchor()).isEqualTo("plans");
        });
        assertThat(knowledge.chunks(byUrl.get(site.url("/about")).id())).singleElement().satisfies(c -> {
            assertThat(c.content()).contains("Founded in 1999 in Lisbon");
            assertThat(c.anchor()).isEqualTo("history"); // the heading has no id; its <section> has
        });
        assertThat(site.paths().getFirst()).isEqualTo("/robots.txt");
        assertThat(site.hits()).extracting(TestSite.Hit::userAgent).containsOnly("ParleyBot/0.1 (self-hosted knowledge crawler)");
    }

    @Test
    void resyncReindexesOnlyChangedPagesAndRemovesVanishedOnes() {
        serveSmallSite("The basic plan costs 12 euros per month and includes two bicycles.");
        UUID id = web.addSite(bot, site.url("/"), 10, 2, 24).id();
        var first = awaitSynced(id);
        Map<String, KnowledgeDocument> before = byUrl(awaitDocuments(4));
        var next = jobs.client().getScheduledExecution(TaskInstanceId.of(SourceSyncJob.TASK, id.toString())).orElseThrow();
        assertThat(next.getExecutionTime()).isBetween(Instant.now().plus(Duration.ofHours(23)), Instant.now().plus(Duration.ofHours(25)));

        // pricing changes; home only changes its footer; contact is deleted; about is no longer linked
        site.page("/pricing", page("Pricing | Acme", "<h1 id=\"pricing\">Pricing</h1><h2 id=\"plans\">Plans</h2>"
                + "<p>The basic plan now costs 15 euros per month and includes two bicycles.</p>", "/", "/pricing", "/contact"));
        site.page("/", page("Acme", HOME_MAIN, "/", "/pricing", "/contact").replace("FOOTERTOKEN 2026", "FOOTERTOKEN 2027"));
        site.remove("/contact");
        var resynced = web.resync(id);
        assertThat(resynced.status()).isEqualTo(SourceStatus.QUEUED);
        var after = awaitSynced(id, first.lastSyncedAt());
        assertThat(after.status()).isEqualTo(SourceStatus.READY);
        assertThat(after.note()).contains("1 page no longer found (404/410)");

        Map<String, KnowledgeDocument> now = byUrl(awaitDocuments(2));
        assertThat(now).containsOnlyKeys(site.url("/"), site.url("/pricing"));
        assertThat(now.get(site.url("/")).updatedAt()).isEqualTo(before.get(site.url("/")).updatedAt());
        assertThat(now.get(site.url("/")).id()).isEqualTo(before.get(site.url("/")).id());
        assertThat(now.get(site.url("/pricing")).updatedAt()).isAfter(before.get(site.url("/pricing")).updatedAt());
        assertThat(knowledge.chunks(now.get(site.url("/pricing")).id())).singleElement()
                .satisfies(c -> assertThat(c.content()).contains("15 euros"));
        assertThat(knowledge.chunks(before.get(site.url("/contact")).id())).isEmpty();
        assertThat(knowledge.chunks(before.get(site.url("/about")).id())).isEmpty();
    }

    @Test
    void politenessDelaySpacesEveryRequestToTheHost() {
        crawling.use(LOCAL.withPoliteness(Duration.ofMillis(400)));
        site.page("/", page("Home", "<h1>Home</h1><p>Welcome home, traveller.</p>", "/a", "/b"))
                .page("/a", page("A", "<h1>A</h1><p>Page A text.</p>"))
                .page("/b", page("B", "<h1>B</h1><p>Page B text.</p>"));
        awaitSynced(web.addSite(bot, site.url("/"), 10, 1, null).id());
        var hits = site.hits();
        assertThat(hits).hasSize(4); // robots.txt and three pages
        for (int i = 1; i < hits.size(); i++) {
            assertThat(Duration.ofNanos(hits.get(i).nanos() - hits.get(i - 1).nanos()))
                    .as("gap before %s", hits.get(i).path()).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        }
    }

    @Test
    void deletingASourceRemovesItsDocumentsAndChunks() {
        site.page("/", page("Only", "<h1>Only</h1><p>The only page of this site talks about kites.</p>"));
        UUID id = awaitSynced(web.addPage(bot, site.url("/")).id()).id();
        var doc = awaitDocuments(1).getFirst();
        assertThat(knowledge.chunks(doc.id())).isNotEmpty();
        web.deleteSource(id);
        assertThat(web.findSource(id)).isEmpty();
        assertThat(knowledge.list(bot)).isEmpty();
        assertThat(knowledge.chunks(doc.id())).isEmpty();
    }

    // --- bad input -------------------------------------------------------------------------------

    @Test
    void redirectToAnotherHostIsRefusedAndNothingIsIndexedFromIt() {
        site.redirect("/moved", "http://localhost:" + site.port() + "/target")
                .page("/target", page("Target", "<h1>Target</h1><p>Content of the other host.</p>"));
        var source = awaitSynced(web.addPage(bot, site.url("/moved")).id());
        assertThat(source.status()).isEqualTo(SourceStatus.FAILED);
        assertThat(source.lastError()).contains("redirects to another host (localhost)");
        assertThat(knowledge.list(bot)).isEmpty();
        assertThat(site.paths()).doesNotContain("/target");
    }

    @Test
    void sitemapWithAHundredThousandEntriesIsBoundedAtMaxPages() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for (int i = 0; i < 100_000; i++) xml.append("<url><loc>").append(site.url("/p/")).append(i).append("</loc></url>\n");
        site.answer("/sitemap.xml", new TestSite.Answer(200, "application/xml",
                xml.append("</urlset>").toString().getBytes(StandardCharsets.UTF_8), Map.of()));
        site.prefix("/p/", path -> TestSite.Answer.html(page("Product " + path,
                "<h1>Product " + path + "</h1><p>Product number " + path.substring(3) + " is a sturdy folding chair.</p>")));

        long start = System.nanoTime();
        var source = awaitSynced(web.addSitemap(bot, site.url("/sitemap.xml"), 5, null).id());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(source.status()).isEqualTo(SourceStatus.READY);
        assertThat(source.pagesFound()).isEqualTo(100_000);
        assertThat(source.note()).contains("lists 100,000 pages").contains("first 5").contains("limit reached");
        assertThat(site.paths().stream().filter(p -> p.startsWith("/p/"))).hasSize(5);
        assertThat(awaitDocuments(5)).allSatisfy(d -> assertThat(d.status()).isEqualTo(DocumentStatus.READY));
        assertThat(took).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void pageAnswering500FailsAloneAndTheOthersIndex() {
        site.page("/", page("Home", "<h1>Home</h1><p>The home page mentions our garden tools.</p>", "/ok", "/broken", "/away"))
                .page("/ok", page("Ok", "<h1>Ok</h1><p>Rakes and shovels are in stock all year.</p>"))
                .text("/broken", 500, "text/html", "<p>Internal error</p>")
                .redirect("/away", "http://localhost:" + site.port() + "/ok");
        var source = awaitSynced(web.addSite(bot, site.url("/"), 10, 1, null).id());
        assertThat(source.status()).isEqualTo(SourceStatus.READY);
        assertThat(source.pagesFailed()).isEqualTo(2);
        assertThat(source.note()).contains("2 pages could not be fetched")
                .contains(site.url("/broken") + " (The server answered HTTP 500.)")
                .contains("redirects to another host (localhost)");
        assertThat(awaitDocuments(2)).extracting(KnowledgeDocument::sourceUrl).containsExactlyInAnyOrder(site.url("/"), site.url("/ok"));
    }

    @Test
    void pageThatNeverAnswersTimesOutAndTheOthersIndex() {
        crawling.use(LOCAL.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)));
        site.page("/", page("Home", "<h1>Home</h1><p>The home page of a slow site about clocks.</p>", "/slow", "/ok"))
                .hang("/slow")
                .page("/ok", page("Ok", "<h1>Ok</h1><p>Cuckoo clocks need winding once a week.</p>"));
        long start = System.nanoTime();
        var source = awaitSynced(web.addSite(bot, site.url("/"), 10, 1, null).id());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(source.status()).isEqualTo(SourceStatus.READY);
        assertThat(source.note()).contains(site.url("/slow") + " (No answer within 1 s.)");
        assertThat(awaitDocuments(2)).extracting(KnowledgeDocument::sourceUrl).containsExactlyInAnyOrder(site.url("/"), site.url("/ok"));
    }

    @Test
    void robotsTxtDisallowingEverythingMeansNoPageIsFetched() {
        site.text("/robots.txt", 200, "text/plain", "User-agent: *\nDisallow: /\n")
                .page("/", page("Home", "<h1>Home</h1><p>Nobody should read this.</p>", "/a"));
        var source = awaitSynced(web.addSite(bot, site.url("/"), 10, 2, null).id());
        assertThat(source.status()).isEqualTo(SourceStatus.FAILED);
        assertThat(source.lastError()).contains("robots.txt of 127.0.0.1 disallows ParleyBot");
        assertThat(site.paths()).containsExactly("/robots.txt");
        assertThat(knowledge.list(bot)).isEmpty();
    }

    @Test
    void nonHttpSchemesAndPrivateAddressesAreRefusedOnSubmit() {
        crawling.reset(); // production policy: no private addresses
        assertThatThrownBy(() -> web.addPage(bot, "file:///etc/passwd")).isInstanceOf(UploadRefused.class)
                .hasMessage("Only http and https addresses can be added, not file:.");
        assertThatThrownBy(() -> web.addPage(bot, "javascript:alert(1)")).hasMessageContaining("not javascript:");
        assertThatThrownBy(() -> web.addSite(bot, "ftp://example.com/pub/", 10, 1, null)).hasMessageContaining("not ftp:");
        assertThatThrownBy(() -> web.addPage(bot, "example.com/page")).hasMessageContaining("no scheme");
        for (String url : List.of(site.url("/"), "http://10.1.2.3/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/",
                "http://0.0.0.0:8080/", "http://192.168.0.10/admin")) {
            assertThatThrownBy(() -> web.addSitemap(bot, url, 10, null)).as(url).isInstanceOf(UploadRefused.class)
                    .hasMessageContaining("private, local or reserved network address");
        }
        assertThatThrownBy(() -> web.addSite(bot, "https://example.com/", 0, 1, null)).hasMessageContaining("page limit");
        assertThatThrownBy(() -> web.addSite(bot, "https://example.com/", 10, 11, null)).hasMessageContaining("link depth");
        assertThat(web.listSources(bot)).isEmpty();
        assertThat(site.hits()).isEmpty();
    }

    // --- helpers ---------------------------------------------------------------------------------

    static final String HOME_MAIN = "<h1 id=\"welcome\">Welcome to Acme</h1><p>Acme builds solar-powered bicycles in small batches.</p>";

    void serveSmallSite(String pricingText) {
        String[] nav = {"/", "/about", "/pricing", "/contact"};
        site.page("/", page("Acme", HOME_MAIN, nav));
        site.page("/about", page("About | Acme", "<article><section id=\"history\"><h2>Our history</h2>"
                + "<p>Founded in 1999 in Lisbon by two mechanics.</p></section></article>", nav));
        site.page("/pricing", page("Pricing | Acme", "<h1 id=\"pricing\">Pricing</h1><h2 id=\"plans\">Plans</h2><p>" + pricingText + "</p>", nav));
        site.page("/contact", page("Contact | Acme", "<h1 id=\"contact\">Contact</h1><p>Write to the workshop any weekday.</p>", nav));
    }

    /** A page with the site chrome that must not be indexed around its main content. */
    static String page(String title, String main, String... nav) {
        StringBuilder links = new StringBuilder();
        for (String href : nav) links.append("<li><a href=\"").append(href).append("\">").append(NAV_AND_FOOTER).append(' ')
                .append(href).append("</a></li>");
        return "<!doctype html><html><head><title>" + title + "</title><script>var NAVTOKEN = 1;</script></head><body>"
                + "<header><span>HEADERTOKEN Acme Corp</span><nav><ul>" + links + "</ul></nav></header>"
                + "<div id=\"cookie-banner\">We use cookies. <button>Accept</button></div>"
                + "<main>" + main + "</main>"
                + "<footer><p>FOOTERTOKEN 2026 Acme Corp, " + NAV_AND_FOOTER + " imprint</p></footer></body></html>";
    }

    static Map<String, KnowledgeDocument> byUrl(List<KnowledgeDocument> docs) {
        return docs.stream().collect(Collectors.toMap(KnowledgeDocument::sourceUrl, Function.identity()));
    }

    KnowledgeSource awaitSynced(UUID sourceId) {
        return awaitSynced(sourceId, null);
    }

    /** Waits until the source finished a sync (after {@code since}, when given). */
    KnowledgeSource awaitSynced(UUID sourceId, Instant since) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            var source = web.findSource(sourceId).orElseThrow();
            boolean done = source.status() == SourceStatus.READY || source.status() == SourceStatus.FAILED;
            if (done && (since == null || source.lastSyncedAt() != null && source.lastSyncedAt().isAfter(since))) return source;
            sleep();
        }
        throw new AssertionError("source " + sourceId + " did not finish syncing in time");
    }

    /** Waits until the bot has {@code count} documents and none is still being ingested. */
    List<KnowledgeDocument> awaitDocuments(int count) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            var docs = knowledge.list(bot);
            if (docs.size() == count && docs.stream().noneMatch(d -> d.status().inProgress())) return docs;
            sleep();
        }
        throw new AssertionError("expected " + count + " ingested documents, have " + knowledge.list(bot));
    }

    static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
