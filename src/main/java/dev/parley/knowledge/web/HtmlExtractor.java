package dev.parley.knowledge.web;

import dev.parley.knowledge.parsing.Section;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * The part of an HTML page worth answering from, in sections with heading path and anchor, plus
 * the page's links (taken before cleaning, since navigation is how a site is discovered).
 *
 * <p>Main content: the largest {@code <main>}/{@code role=main}, else a single {@code <article>},
 * else the body; navigation, site header and footer, asides, scripts, styles, forms, hidden
 * elements and cookie banners are dropped first.
 */
public final class HtmlExtractor {

    /** What one page yielded. {@code noindex}: the page asks not to be indexed (meta robots). */
    public record Page(URI url, String title, List<Section> sections, List<URI> links, boolean noindex) {}

    static final int MAX_LINKS = 5_000;

    private static final String DROP = "script, style, noscript, template, iframe, object, embed, svg, canvas, button, input, "
            + "select, textarea, dialog, nav, aside, menu, [role=navigation], [role=banner], [role=contentinfo], "
            + "[role=complementary], [role=search], [role=dialog], [role=alertdialog], [hidden], [aria-hidden=true], "
            + "[aria-modal=true], [style~=(?i)display\\s*:\\s*none]";

    // Consent-manager containers by their usual ids/classes; narrow on purpose, so a page *about*
    // cookies keeps its text.
    private static final Pattern COOKIE_BANNER = Pattern.compile("(?i)(cookie|consent|gdpr)[-_ ]?(banner|bar|notice|popup|modal"
            + "|dialog|overlay|wall|message|alert|container|consent|law)|cookieconsent|onetrust|cookiebot|cc-window|\\bcmp-");

    private HtmlExtractor() {}

    public static Page extract(byte[] html, String charset, URI url) {
        Document doc = parse(html, charset, url);
        String robots = String.join(",", doc.select("meta[name=robots], meta[name=parleybot]").eachAttr("content"))
                .toLowerCase(Locale.ROOT);
        boolean noindex = robots.contains("noindex") || robots.contains("none");
        boolean nofollow = robots.contains("nofollow") || robots.contains("none");
        List<URI> links = nofollow ? List.of() : links(doc, url);
        String title = title(doc, url);
        Element body = doc.body();
        clean(body);
        return new Page(url, title, SectionWalker.walk(mainContent(body)), links, noindex);
    }

    private static Document parse(byte[] html, String charset, URI url) {
        String name = null;
        if (charset != null) {
            try {
                name = Charset.forName(charset).name();
            } catch (IllegalArgumentException unknown) {
                name = null; // let jsoup sniff the BOM or <meta charset>
            }
        }
        try {
            return Jsoup.parse(new ByteArrayInputStream(html), name, url.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a byte array does not fail
        }
    }

    private static List<URI> links(Document doc, URI url) {
        Set<URI> links = new LinkedHashSet<>();
        for (Element a : doc.select("a[href], area[href]")) {
            if (a.attr("rel").toLowerCase(Locale.ROOT).contains("nofollow")) continue;
            String href = a.absUrl("href");
            WebUrls.link(url, href.isEmpty() ? a.attr("href") : href).ifPresent(links::add);
            if (links.size() >= MAX_LINKS) break;
        }
        return List.copyOf(links);
    }

    private static String title(Document doc, URI url) {
        String title = doc.title().strip();
        if (title.isEmpty()) {
            Element h1 = doc.selectFirst("h1");
            title = h1 == null ? "" : h1.text().strip();
        }
        if (title.isEmpty()) title = url.getHost() + url.getPath();
        return title.length() <= 500 ? title : title.substring(0, 499) + "…";
    }

    private static void clean(Element body) {
        body.select(DROP).remove();
        // A form wrapping the whole page (ASP.NET WebForms) is kept; login and search forms go.
        for (Element form : body.select("form")) {
            if (form.selectFirst("main, article, h1, h2, h3") == null) form.remove();
        }
        // Site header and footer go; a header or footer inside the content (an article's title) stays.
        for (Element e : body.select("header, footer")) {
            Element parent = e.parent();
            if (parent == null || parent.closest("article, main, section, [role=main]") == null) e.remove();
        }
        for (Element e : body.getAllElements()) {
            if (e != body && COOKIE_BANNER.matcher(e.id() + " " + e.className()).find()) e.remove();
        }
    }

    private static Element mainContent(Element body) {
        Element best = null;
        for (Element main : body.select("main, [role=main]")) {
            if (best == null || main.text().length() > best.text().length()) best = main;
        }
        if (best == null) {
            Elements articles = body.select("article");
            if (articles.size() == 1) best = articles.first();
        }
        return best == null || best.text().isBlank() ? body : best;
    }
}
