package dev.parley.knowledge.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What one crawl did, and the note the source shows for it. */
public final class CrawlReport {

    /** A page that was not fetched, and why. */
    public record Failure(URI url, String reason) {}

    private final Crawler.Request request;
    private final Set<URI> keep = new LinkedHashSet<>();
    private final List<Failure> failures = new ArrayList<>();
    private String fatal;
    private boolean pageSetKnown = true;
    long found;
    boolean foundAtLeast;
    int fetched;
    int indexed;
    int gone;
    int disallowed;
    int skipped;
    boolean limitReached;
    boolean timeUp;
    boolean stopped;

    CrawlReport(Crawler.Request request) {
        this.request = request;
    }

    CrawlReport fatal(String reason, boolean pageSetKnown) {
        this.fatal = reason;
        this.pageSetKnown = pageSetKnown;
        return this;
    }

    void failed(URI url, String reason, boolean keepPrevious) {
        failures.add(new Failure(url, reason));
        if (keepPrevious) keep.add(url);
    }

    void indexed(URI url) {
        indexed++;
        keep.add(url);
    }

    /** Null when the crawl completed; otherwise why the whole source failed. */
    public String fatal() {
        return fatal;
    }

    /**
     * Whether documents of pages outside {@link #keep()} may be removed: only when the crawl saw
     * the whole (bounded) site, not when it was cut short by a fatal error, the clock or a stop.
     */
    public boolean removesVanished() {
        return pageSetKnown && !timeUp && !stopped;
    }

    /** Pages whose documents stay: indexed now, or failed for a reason that may pass. */
    public Set<URI> keep() {
        return keep;
    }

    public long found() {
        return found;
    }

    public int failedCount() {
        return failures.size();
    }

    public int indexedCount() {
        return indexed;
    }

    public List<Failure> failures() {
        return List.copyOf(failures);
    }

    public boolean stopped() {
        return stopped;
    }

    public String note() {
        List<String> parts = new ArrayList<>();
        int max = request.maxPages();
        if (request.mode() == Crawler.Mode.SITEMAP && (found > max || foundAtLeast)) {
            parts.add(String.format(Locale.ROOT, "The sitemap lists %s%,d pages; only the first %,d were fetched (page limit reached).",
                    foundAtLeast ? "at least " : "", found, max));
        } else if (limitReached) {
            parts.add(String.format(Locale.ROOT, "Stopped at the page limit of %,d (limit reached); %,d more linked pages were not fetched.",
                    max, Math.max(0, found - fetched - disallowed)));
        }
        if (timeUp) parts.add("Stopped at the time limit; pages not reached keep their previous version.");
        if (!failures.isEmpty()) {
            StringBuilder s = new StringBuilder(failures.size() == 1 ? "1 page could not be fetched: " : failures.size()
                    + " pages could not be fetched: ");
            for (int i = 0; i < Math.min(5, failures.size()); i++) {
                Failure f = failures.get(i);
                s.append(i == 0 ? "" : "; ").append(WebUrls.shorten(f.url().toString())).append(" (").append(f.reason()).append(')');
            }
            if (failures.size() > 5) s.append("; and ").append(failures.size() - 5).append(" more");
            parts.add(s.append('.').toString());
        }
        if (disallowed > 0) parts.add(count(disallowed) + " disallowed by robots.txt and not fetched.");
        if (gone > 0) parts.add(count(gone) + " no longer found (404/410).");
        if (skipped > 0) parts.add(count(skipped) + " skipped: no text, or marked noindex.");
        String note = String.join(" ", parts);
        return note.isEmpty() ? null : note.length() <= 4000 ? note : note.substring(0, 3999) + "…";
    }

    private static String count(int n) {
        return n == 1 ? "1 page" : String.format(Locale.ROOT, "%,d pages", n);
    }
}
