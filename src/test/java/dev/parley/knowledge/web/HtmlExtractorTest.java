package dev.parley.knowledge.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.knowledge.parsing.Section;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HtmlExtractorTest {

    static final URI PAGE = URI.create("https://docs.example.com/guide/start");

    static HtmlExtractor.Page extract(String html) {
        return HtmlExtractor.extract(html.getBytes(StandardCharsets.UTF_8), "utf-8", PAGE);
    }

    static String allText(HtmlExtractor.Page page) {
        return String.join("\n", page.sections().stream().map(Section::text).toList());
    }

    @Test
    void keepsMainContentAndDropsNavigationHeaderFooterAsideScriptsFormsAndCookieBanners() {
        var page = extract("""
                <html><head><title>Start | Docs</title><style>.x{color:red}</style><script>var tracking = 1;</script></head>
                <body>
                  <header><a href="/">Docs home</a> SITEHEADER</header>
                  <nav><a href="/guide/install">Install</a> NAVMENU</nav>
                  <div id="cookie-banner">We use cookies to improve COOKIEBANNER</div>
                  <div class="cc-window">CONSENTPOPUP accept all</div>
                  <main>
                    <h1 id="start">Getting started</h1>
                    <p>Install the agent with one command.</p>
                    <aside>SIDEBAR tip</aside>
                    <form><input name="q"><button>SEARCHFORM</button></form>
                    <div hidden>HIDDENTEXT</div>
                  </main>
                  <footer>FOOTERTEXT © Example</footer>
                </body></html>""");
        assertThat(page.title()).isEqualTo("Start | Docs");
        String text = allText(page);
        assertThat(text).contains("Install the agent with one command.");
        assertThat(text).doesNotContain("SITEHEADER", "NAVMENU", "COOKIEBANNER", "CONSENTPOPUP", "SIDEBAR", "SEARCHFORM",
                "HIDDENTEXT", "FOOTERTEXT", "tracking", "color:red");
        assertThat(page.links()).containsExactly(URI.create("https://docs.example.com/"),
                URI.create("https://docs.example.com/guide/install"));
    }

    @Test
    void headingPathAndAnchorFromHeadingIdNamedAnchorOrEnclosingSection() {
        var page = extract("""
                <body><article>
                  <header><h1 id="billing">Billing</h1></header>
                  <p>Intro to billing.</p>
                  <section id="refunds"><h2>Refunds</h2><p>Refunds take five days.</p></section>
                  <h2><a name="invoices"></a>Invoices</h2><p>Invoices are monthly.</p>
                  <h3>No anchor here</h3><p>Deep text.</p>
                </article></body>""");
        assertThat(page.sections()).extracting(Section::headingLabel, Section::anchor, Section::text).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Billing", "billing", "Intro to billing."),
                org.assertj.core.groups.Tuple.tuple("Billing › Refunds", "refunds", "Refunds take five days."),
                org.assertj.core.groups.Tuple.tuple("Billing › Invoices", "invoices", "Invoices are monthly."),
                org.assertj.core.groups.Tuple.tuple("Billing › Invoices › No anchor here", null, "Deep text."));
    }

    @Test
    void withoutMainOrArticleTheCleanedBodyIsUsedAndListsKeepTheirItems() {
        var page = extract("""
                <body><div class="wrap"><nav>MENU</nav><h2 id="faq">FAQ</h2>
                <ul><li>First answer</li><li>Second answer</li></ul>
                <table><tr><td>Plan</td><td>Price</td></tr><tr><td>Basic</td><td>12 EUR</td></tr></table></div></body>""");
        assertThat(page.sections()).singleElement().satisfies(s -> {
            assertThat(s.anchor()).isEqualTo("faq");
            assertThat(s.text()).contains("- First answer\n- Second answer").contains("Basic 12 EUR").doesNotContain("MENU");
        });
    }

    @Test
    void linksAreAbsoluteWithoutFragmentsAndSkipNofollowScriptsMailAndFiles() {
        var page = extract("""
                <body><main><p>text</p>
                <a href="other#part">relative</a><a href="../api?x=1#top">up</a><a href="#local">same page</a>
                <a href="javascript:alert(1)">js</a><a href="mailto:a@b.c">mail</a><a href="/manual.pdf">pdf</a>
                <a href="/private" rel="nofollow">nofollow</a><a href="https://other.example.org/">elsewhere</a>
                </main></body>""");
        assertThat(page.links()).containsExactly(URI.create("https://docs.example.com/guide/other"),
                URI.create("https://docs.example.com/api?x=1"), URI.create("https://docs.example.com/guide/start"),
                URI.create("https://other.example.org/"));
    }

    @Test
    void metaRobotsNoindexAndNofollowAreHonoured() {
        var page = extract("""
                <head><meta name="robots" content="noindex, nofollow"></head><body><main><p>secret</p><a href="/x">x</a></main></body>""");
        assertThat(page.noindex()).isTrue();
        assertThat(page.links()).isEmpty();
    }

    @Test
    void aFormWrappingTheWholePageIsKept() {
        var page = extract("""
                <body><form id="aspnetForm"><h1>Opening hours</h1><p>Open from nine to five.</p></form></body>""");
        assertThat(allText(page)).contains("Open from nine to five.");
    }

    @Test
    void charsetFromTheDocumentWhenTheHeaderHasNone() {
        byte[] latin1 = "<html><head><meta charset=\"iso-8859-1\"></head><body><p>Café crème</p></body></html>"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThat(allText(HtmlExtractor.extract(latin1, null, PAGE))).isEqualTo("Café crème");
    }

    @Test
    void storedTextReadsBackIntoTheSameSectionsWithAnchors() throws Exception {
        var page = extract("""
                <body><main><h1 id="a">Top</h1><p># not a heading</p><p>\\ backslash line</p>
                <h2 id="b">Sub</h2><p>Sub text.</p><h2 id="c">Sub</h2><p>Same title, other anchor.</p>
                <h1>Second</h1><p>No anchor.</p></main></body>""");
        var file = java.nio.file.Files.createTempFile("page", ".md");
        try {
            java.nio.file.Files.writeString(file, WebPageText.render(page.sections()));
            var parsed = WebPageText.parse(file, 1_000_000);
            assertThat(parsed.sections()).isEqualTo(page.sections());
            assertThat(parsed.title()).isEqualTo("Top");
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }
}
