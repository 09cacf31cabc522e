package dev.parley.tenancy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The sites a bot may be embedded on. Entries end up in a Content-Security-Policy header, so each
 * one is parsed strictly: http(s) scheme, a host, an optional port, and nothing else. The one
 * wildcard allowed is a leading {@code *.} for subdomains.
 */
public final class AllowedOrigins {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    public static final int MAX_ORIGINS = 50;

    private AllowedOrigins() {}

    /** Normalised origins (lower case, no trailing slash, no duplicates), or the first problem found. */
    public static List<String> parse(List<String> entries) {
        Set<String> result = new LinkedHashSet<>();
        for (String entry : entries) {
            if (entry == null || entry.isBlank()) continue;
            result.add(normalise(entry));
        }
        if (result.size() > MAX_ORIGINS) {
            throw InvalidInputException.of("allowedOrigins", "At most " + MAX_ORIGINS + " allowed origins per bot.");
        }
        return new ArrayList<>(result);
    }

    /**
     * Whether {@code origin} (scheme://host[:port] as a browser sends it) is one of {@code allowed}
     * (normalised entries). {@code https://*.example.com} matches any subdomain of example.com, at
     * any depth, but not example.com itself; scheme and port must match exactly.
     */
    public static boolean matches(List<String> allowed, String origin) {
        if (origin == null || allowed == null || allowed.isEmpty()) return false;
        String candidate;
        try {
            candidate = normalise(origin);
        } catch (InvalidInputException e) {
            return false;
        }
        if (candidate.contains("*")) return false;
        for (String entry : allowed) {
            if (entry.equals(candidate)) return true;
            int star = entry.indexOf("://*.");
            if (star < 0) continue;
            String scheme = entry.substring(0, star + 3);
            String suffix = entry.substring(star + 4); // ".example.com[:port]"
            if (!candidate.startsWith(scheme)) continue;
            String rest = candidate.substring(scheme.length());
            if (rest.endsWith(suffix) && rest.length() > suffix.length()) return true;
        }
        return false;
    }

    static String normalise(String raw) {
        String entry = raw.strip();
        if (entry.chars().anyMatch(c -> c <= ' ' || c == ';' || c == ',' || c == '\'' || c == '"')) {
            throw problem(raw, "must not contain spaces, line breaks, quotes, commas or ';'");
        }
        String lower = entry.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            throw problem(raw, "must start with https:// (or http:// for local testing)");
        }
        boolean wildcard = lower.contains("://*.");
        String parsable = wildcard ? lower.replace("://*.", "://wildcard.") : lower;
        URI uri;
        try {
            uri = new URI(parsable);
        } catch (URISyntaxException e) {
            throw problem(raw, "is not a valid address");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))) {
            throw problem(raw, "must be an origin only, without path, query or user name (e.g. https://www.example.com)");
        }
        String host = uri.getHost();
        if (host == null || host.contains("*")) {
            throw problem(raw, "needs a host name; the only wildcard allowed is a leading *. (e.g. https://*.example.com)");
        }
        for (String label : host.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw problem(raw, "has an invalid host name");
            }
        }
        if (wildcard && host.split("\\.").length < 3) {
            throw problem(raw, "wildcard must stand before a domain with at least two parts (e.g. *.example.com)");
        }
        if (uri.getPort() > 65535) {
            throw problem(raw, "has an invalid port");
        }
        String origin = uri.getScheme() + "://" + (wildcard ? "*." + host.substring("wildcard.".length()) : host);
        return uri.getPort() >= 0 ? origin + ":" + uri.getPort() : origin;
    }

    private static InvalidInputException problem(String raw, String why) {
        String shown = raw.length() > 60 ? raw.substring(0, 60) + "…" : raw;
        shown = shown.replaceAll("[\\r\\n\\t]", "⏎");
        return InvalidInputException.of("allowedOrigins", "'" + shown + "' " + why + ".");
    }
}
