package dev.parley.knowledge.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One crawl of one source: robots.txt first, then the page, the site (breadth first, same host,
 * up to the depth and page limits) or the pages a sitemap lists. Pages go to the sink as they
 * come, so memory holds URLs, not content. Sequential by design: politeness allows one request
 * at a time per host anyway.
 */
public final class Crawler {

    public enum Mode { PAGE, SITE, SITEMAP }

    public record Request(Mode mode, URI start, int maxPages, int maxDepth) {}

    /** Takes a page worth indexing; false stops the crawl (its source was deleted meanwhile). */
    @FunctionalInterface
    public interface PageSink {
        boolean accept(HtmlExtractor.Page page);
    }

    private static final String HTML_ACCEPT = "text/html,application/xhtml+xml;q=0.9";
    private static final Set<String> HTML_TYPES = Set.of("text/html", "application/xhtml+xml", "");
    private static final long ROBOTS_MAX = 512 * 1024;

    private record Item(URI url, int depth) {}

    private final CrawlerSettings settings;
    private final PageFetcher fetcher;

    public Crawler(CrawlerSettings settings, PageFetcher fetcher) {
        this.settings = settings;
        this.fetcher = fetcher;
    }

    public CrawlReport crawl(Request request, PageSink sink) {
        CrawlReport report = new CrawlReport(request);
        URI start = request.start();
        RobotsTxt robots;
        try {
            robots = robots(start);
        } catch (FetchFailure e) {
            return report.fatal(e.getMessage(), false);
        }
        robots.crawlDelay().ifPresent(fetcher::honourCrawlDelay);
        if (!robots.allows(start)) {
            return report.fatal("robots.txt of " + start.getHost() + " disallows " + settings.robotsToken() + " from fetching "
                    + WebUrls.shorten(start.toString()) + "; nothing was fetched.", false);
        }
        Deque<Item> frontier = new ArrayDeque<>();
        Set<URI> seen = new HashSet<>();
        if (request.mode() == Mode.SITEMAP) {
            try {
                for (URI page : sitemapPages(start, request.maxPages(), robots, report)) {
                    if (seen.add(page)) frontier.add(new Item(page, request.maxDepth()));
                }
            } catch (FetchFailure e) {
                return report.fatal(e.getMessage(), e.kind() == FetchFailure.Kind.GONE);
            }
            if (frontier.isEmpty()) return report.fatal("The sitemap lists no pages on " + start.getHost() + ".", false);
        } else {
            seen.add(start);
            frontier.add(new Item(start, 0));
        }
        int maxDepth = request.mode() == Mode.PAGE ? 0 : request.maxDepth();
        crawlPages(request, frontier, seen, maxDepth, robots, sink, report);
        if (request.mode() != Mode.SITEMAP) report.found = seen.size();
        return report;
    }

    private void crawlPages(Request request, Deque<Item> frontier, Set<URI> seen, int maxDepth, RobotsTxt robots,
                            PageSink sink, CrawlReport report) {
        long deadline = System.nanoTime() + settings.maxCrawlDuration().toNanos();
        int discoverCap = (int) Math.min(100_000L, request.maxPages() * 20L + 100);
        boolean seedPending = request.mode() != Mode.SITEMAP;
        Set<URI> fetchedFinal = new HashSet<>();
        while (!frontier.isEmpty()) {
            if (report.fetched >= request.maxPages()) {
                report.limitReached = true;
                return;
            }
            if (System.nanoTime() > deadline) {
                report.timeUp = true;
                return;
            }
            Item item = frontier.poll();
            boolean seed = seedPending;
            seedPending = false;
            if (!robots.allows(item.url())) {
                report.disallowed++;
                continue;
            }
            report.fetched++;
            HtmlExtractor.Page page;
            try {
                page = fetchPage(item.url(), robots, report);
            } catch (FetchFailure e) {
                if (seed) {
                    report.fatal((e.kind() == FetchFailure.Kind.GONE ? "The page no longer exists: " : "The start page could not be fetched: ")
                            + e.getMessage(), e.kind() == FetchFailure.Kind.GONE);
                    return;
                }
                if (e.kind() == FetchFailure.Kind.GONE) report.gone++;
                else report.failed(item.url(), e.getMessage(), e.kind() == FetchFailure.Kind.FAILED);
                continue;
            }
            if (page == null || !fetchedFinal.add(page.url())) continue;
            if (!page.noindex() && !page.sections().isEmpty()) {
                if (!sink.accept(page)) {
                    report.stopped = true;
                    return;
                }
                report.indexed(page.url());
            } else {
                report.skipped++;
            }
            if (item.depth() >= maxDepth) continue;
            for (URI link : page.links()) {
                if (seen.size() >= discoverCap) break;
                if (WebUrls.sameHost(link, request.start()) && seen.add(link)) frontier.add(new Item(link, item.depth() + 1));
            }
        }
    }

    /** The extracted page; null when it redirected to a path robots.txt disallows. */
    private HtmlExtractor.Page fetchPage(URI url, RobotsTxt robots, CrawlReport report) throws FetchFailure {
        PageFetcher.Response response = fetcher.get(url, settings.maxPageSize().toBytes(), HTML_ACCEPT, HTML_TYPES::contains);
        int status = response.status();
        if (status == 404 || status == 410) throw new FetchFailure(FetchFailure.Kind.GONE, "The server answered HTTP " + status + ".");
        if (!response.ok()) throw FetchFailure.failed("The server answered HTTP " + status + ".");
        if (response.body() == null) {
            throw FetchFailure.refused("Not an HTML page (" + (response.mimeType().isEmpty() ? "no type" : response.mimeType()) + ").");
        }
        if (!robots.allows(response.url())) {
            report.disallowed++;
            return null;
        }
        return HtmlExtractor.extract(response.body(), response.charset(), response.url());
    }

    private RobotsTxt robots(URI start) throws FetchFailure {
        URI url = start.resolve("/robots.txt");
        String unreadable = "robots.txt of " + start.getHost() + " could not be read (";
        String after = "); the site is not crawled until it can be.";
        PageFetcher.Response response;
        try {
            response = fetcher.get(url, ROBOTS_MAX, "text/plain", type -> true);
        } catch (FetchFailure e) {
            if (e.kind() == FetchFailure.Kind.REFUSED) throw e;
            throw FetchFailure.failed(unreadable + e.getMessage().replaceAll("\\.$", "") + after);
        }
        if (response.ok()) {
            byte[] body = response.body() == null ? new byte[0] : response.body();
            return RobotsTxt.parse(new String(body, StandardCharsets.UTF_8), settings.robotsToken());
        }
        // RFC 9309: 4xx means "no robots.txt", crawl freely; 5xx means "assume complete disallow".
        if (response.status() >= 400 && response.status() < 500) return RobotsTxt.ALLOW_ALL;
        throw FetchFailure.failed(unreadable + "HTTP " + response.status() + after);
    }

    private List<URI> sitemapPages(URI sitemapUrl, int maxPages, RobotsTxt robots, CrawlReport report) throws FetchFailure {
        SitemapReader.Result top = readSitemap(sitemapUrl, maxPages);
        if (!top.index()) {
            report.found = top.listed();
            return top.pages();
        }
        List<URI> pages = new ArrayList<>();
        int read = 0;
        for (URI child : top.sitemaps()) {
            if (pages.size() >= maxPages || read >= settings.maxSitemaps()) {
                report.foundAtLeast = true; // the remaining sitemaps were not read, so there may be more
                break;
            }
            if (!robots.allows(child)) {
                report.disallowed++;
                continue;
            }
            read++;
            try {
                SitemapReader.Result result = readSitemap(child, maxPages - pages.size());
                pages.addAll(result.pages());
                report.found += result.listed();
            } catch (FetchFailure e) {
                report.failed(child, e.getMessage(), false);
            }
        }
        return pages;
    }

    private SitemapReader.Result readSitemap(URI url, int keep) throws FetchFailure {
        long max = settings.maxSitemapSize().toBytes();
        PageFetcher.Response response = fetcher.get(url, max, "application/xml,text/xml;q=0.9,*/*;q=0.5", type -> true);
        int status = response.status();
        if (status == 404 || status == 410) {
            throw new FetchFailure(FetchFailure.Kind.GONE, "The sitemap " + WebUrls.shorten(url.toString()) + " does not exist (HTTP " + status + ").");
        }
        if (!response.ok() || response.body() == null) {
            throw FetchFailure.failed("The sitemap " + WebUrls.shorten(url.toString()) + " could not be fetched (HTTP " + status + ").");
        }
        return SitemapReader.read(response.body(), response.url(), keep, max);
    }
}
