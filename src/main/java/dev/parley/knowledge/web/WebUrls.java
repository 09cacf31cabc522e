package dev.parley.knowledge.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Parsing and normalising page URLs, so one page has one spelling (the key of its document). */
public final class WebUrls {

    static final int MAX_LENGTH = 2000;

    // Links to files that are not web pages: skipped instead of costing a request and a delay.
    private static final Pattern NOT_A_PAGE = Pattern.compile("(?i).*\\.(pdf|jpe?g|png|gif|webp|avif|svg|ico|bmp|css|js|json"
            + "|xml|rss|atom|zip|gz|tgz|tar|rar|7z|mp3|wav|ogg|mp4|m4v|webm|avi|mov|docx?|xlsx?|pptx?|odt|epub|exe|dmg|msi|apk"
            + "|woff2?|ttf|eot|txt|csv)$");

    private WebUrls() {}

    /**
     * An absolute http(s) URL without fragment, with lower-case scheme and host, no default port
     * and "/" for an empty path.
     */
    public static URI normalize(String raw) throws FetchFailure {
        if (raw == null || raw.isBlank()) throw FetchFailure.refused("Enter a web address.");
        String text = raw.strip();
        if (text.length() > MAX_LENGTH) throw FetchFailure.refused("The address is longer than " + MAX_LENGTH + " characters.");
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw FetchFailure.refused("'" + shorten(text) + "' is not a valid web address.");
        }
        return normalize(uri);
    }

    public static URI normalize(URI uri) throws FetchFailure {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw FetchFailure.refused("Only http and https addresses can be added"
                    + (scheme.isEmpty() ? " (the address has no scheme, e.g. https://)." : ", not " + scheme + ":."));
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) throw FetchFailure.refused("The address has no host name.");
        if (uri.getRawUserInfo() != null) throw FetchFailure.refused("Addresses with a user name or password are not fetched.");
        int port = uri.getPort();
        if (port == 80 && scheme.equals("http") || port == 443 && scheme.equals("https")) port = -1;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        try {
            URI normal = new URI(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (port < 0 ? "" : ":" + port)
                    + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
            if (normal.toString().length() > MAX_LENGTH) throw FetchFailure.refused("The address is too long.");
            return normal;
        } catch (URISyntaxException e) {
            throw FetchFailure.refused("'" + shorten(uri.toString()) + "' is not a valid web address.");
        }
    }

    /** A link from a page, resolved against the page; empty when it is not a fetchable page. */
    public static Optional<URI> link(URI page, String href) {
        if (href == null || href.isBlank()) return Optional.empty();
        try {
            URI normal = normalize(page.resolve(href.strip().replace(" ", "%20")));
            return NOT_A_PAGE.matcher(normal.getPath()).matches() ? Optional.empty() : Optional.of(normal);
        } catch (IllegalArgumentException | FetchFailure e) {
            return Optional.empty();
        }
    }

    /** Same host name, whatever the scheme and port: the boundary of a site and of redirects. */
    public static boolean sameHost(URI a, URI b) {
        return a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost());
    }

    static String shorten(String s) {
        return s.length() <= 100 ? s : s.substring(0, 99) + "…";
    }
}
