package dev.parley.knowledge.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How the crawler behaves towards other people's servers and towards this one. Every limit bounds
 * time or memory that a slow, huge or hostile site would otherwise take.
 *
 * @param userAgent             sent with every request and matched against robots.txt groups
 * @param politenessDelay       pause between the end of one request and the next to the same host
 * @param maxCrawlDelay         a robots.txt Crawl-delay above this is capped
 * @param connectTimeout        TCP/TLS connect
 * @param requestTimeout        one request, headers and body together
 * @param maxPageSize           an HTML page larger than this is skipped
 * @param maxSitemapSize        a sitemap (after gunzip) larger than this is refused
 * @param maxSitemaps           child sitemaps read from one sitemap index
 * @param maxRedirects          redirect hops per request, all within the same host
 * @param maxCrawlDuration      a sync stops after this and keeps what it has
 * @param allowPrivateAddresses fetch loopback/private/link-local hosts; only for tests and closed networks
 */
@ConfigurationProperties("parley.knowledge.crawler")
public record CrawlerSettings(@DefaultValue(DEFAULT_USER_AGENT) String userAgent,
                              @DefaultValue("1s") Duration politenessDelay,
                              @DefaultValue("30s") Duration maxCrawlDelay,
                              @DefaultValue("5s") Duration connectTimeout,
                              @DefaultValue("20s") Duration requestTimeout,
                              @DefaultValue("5MB") DataSize maxPageSize,
                              @DefaultValue("50MB") DataSize maxSitemapSize,
                              @DefaultValue("50") int maxSitemaps,
                              @DefaultValue("5") int maxRedirects,
                              @DefaultValue("2h") Duration maxCrawlDuration,
                              @DefaultValue("false") boolean allowPrivateAddresses) {

    public static final String DEFAULT_USER_AGENT = "ParleyBot/0.1 (self-hosted knowledge crawler)";

    /** The robots.txt product token: the user agent up to the first '/' or space. */
    public String robotsToken() {
        return userAgent.split("[/ ]", 2)[0];
    }

    public static CrawlerSettings defaults() {
        return new CrawlerSettings(DEFAULT_USER_AGENT, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(5),
                Duration.ofSeconds(20), DataSize.ofMegabytes(5), DataSize.ofMegabytes(50), 50, 5, Duration.ofHours(2), false);
    }

    public CrawlerSettings withPoliteness(Duration delay) {
        return new CrawlerSettings(userAgent, delay, maxCrawlDelay, connectTimeout, requestTimeout, maxPageSize, maxSitemapSize,
                maxSitemaps, maxRedirects, maxCrawlDuration, allowPrivateAddresses);
    }

    public CrawlerSettings withTimeouts(Duration connect, Duration request) {
        return new CrawlerSettings(userAgent, politenessDelay, maxCrawlDelay, connect, request, maxPageSize, maxSitemapSize,
                maxSitemaps, maxRedirects, maxCrawlDuration, allowPrivateAddresses);
    }

    public CrawlerSettings withPrivateAddresses(boolean allow) {
        return new CrawlerSettings(userAgent, politenessDelay, maxCrawlDelay, connectTimeout, requestTimeout, maxPageSize,
                maxSitemapSize, maxSitemaps, maxRedirects, maxCrawlDuration, allow);
    }
}
