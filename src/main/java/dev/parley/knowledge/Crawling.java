package dev.parley.knowledge;

import dev.parley.knowledge.web.AddressPolicy;
import dev.parley.knowledge.web.Crawler;
import dev.parley.knowledge.web.CrawlerSettings;
import dev.parley.knowledge.web.FetchFailure;
import dev.parley.knowledge.web.HostThrottle;
import dev.parley.knowledge.web.PageFetcher;
import dev.parley.knowledge.web.WebUrls;
import java.net.URI;
import org.springframework.stereotype.Component;

/**
 * The crawler's settings and the per-host pace shared by all syncs of this node. Submitting a URL
 * and crawling it read the same settings, so the address policy cannot differ between the two.
 */
@Component
class Crawling {

    /** One crawl's fetcher (its own HTTP client, closed afterwards) and crawler. */
    record Session(PageFetcher fetcher, Crawler crawler) implements AutoCloseable {
        @Override
        public void close() {
            fetcher.close();
        }
    }

    private final CrawlerSettings configured;
    private final HostThrottle throttle = new HostThrottle();
    private volatile CrawlerSettings settings;

    Crawling(CrawlerSettings configured) {
        this.configured = configured;
        this.settings = configured;
    }

    /** Normalises a submitted URL and applies the address policy; the message says what is wrong. */
    URI check(String url) throws FetchFailure {
        URI uri = WebUrls.normalize(url);
        new AddressPolicy(settings.allowPrivateAddresses()).check(uri);
        return uri;
    }

    Session open() {
        CrawlerSettings s = settings;
        PageFetcher fetcher = new PageFetcher(s, new AddressPolicy(s.allowPrivateAddresses()), throttle);
        return new Session(fetcher, new Crawler(s, fetcher));
    }

    // Tests share one Spring context; they swap settings here (127.0.0.1 allowed, short delays)
    // instead of starting a second context with other properties.
    void use(CrawlerSettings testSettings) {
        this.settings = testSettings;
    }

    void reset() {
        this.settings = configured;
    }
}
