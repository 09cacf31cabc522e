package dev.parley.chat.llm;

import java.net.URI;

/** Base URLs as they may be logged. */
final class Urls {

    private Urls() {
    }

    /** Without user info or query: a URL like https://user:secret@host/v1?key=... must not reach the log. */
    static String safe(String url) {
        if (url == null) return "null";
        try {
            URI u = URI.create(url.strip());
            if (u.getHost() == null) return "(unparsable URL)";
            return u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "")
                    + (u.getRawPath() == null ? "" : u.getRawPath());
        } catch (IllegalArgumentException e) {
            return "(unparsable URL)";
        }
    }

    /** One breaker and one client per server, whether or not the URL was written with a trailing slash. */
    static String normalize(String url) {
        String s = url.strip();
        while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
        return s;
    }
}
