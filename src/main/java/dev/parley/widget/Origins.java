package dev.parley.widget;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/** Origins as the widget's endpoints see them: the request's own, and the calling page's. */
final class Origins {

    private Origins() {}

    /** The Origin header, else the origin of the Referer; empty when neither names one. */
    static Optional<String> ofCaller(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin != null && !origin.isBlank() && !"null".equals(origin)) return of(origin);
        String referer = request.getHeader("Referer");
        return referer == null ? Optional.empty() : of(referer);
    }

    /** scheme://host[:port] of an absolute http(s) URL, lower case, default port left out. */
    static Optional<String> of(String url) {
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawUserInfo() != null) {
                return Optional.empty();
            }
            int port = uri.getPort();
            boolean defaultPort = port < 0 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
            return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Whether {@code origin} is Parley's own: the address this request reached, or parley.public-url. */
    static boolean isOwn(HttpServletRequest request, String origin, String publicUrl) {
        String reached = request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort();
        return of(reached).map(origin::equals).orElse(false) || of(publicUrl).map(origin::equals).orElse(false);
    }
}
