package dev.parley.knowledge.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class SitemapReaderTest {

    static final URI SITEMAP = URI.create("https://example.com/sitemap.xml");
    static final long MB = 1024 * 1024;

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] data) throws Exception {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static String urlset(int n) {
        StringBuilder s = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for (int i = 0; i < n; i++) s.append("<url><loc>https://example.com/p/").append(i).append("</loc></url>\n");
        return s.append("</urlset>").toString();
    }

    @Test
    void keepsAtMostTheLimitButCountsEveryEntry() throws Exception {
        var result = SitemapReader.read(bytes(urlset(100_000)), SITEMAP, 10, 50 * MB);
        assertThat(result.index()).isFalse();
        assertThat(result.pages()).hasSize(10).first().isEqualTo(URI.create("https://example.com/p/0"));
        assertThat(result.listed()).isEqualTo(100_000);
    }

    @Test
    void sitemapIndexListsChildSitemapsAndOtherHostsAreIgnored() throws Exception {
        var result = SitemapReader.read(bytes("""
                <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                  <sitemap><loc>https://example.com/a.xml</loc></sitemap>
                  <sitemap><loc> https://example.com/b.xml.gz </loc></sitemap>
                  <sitemap><loc>https://evil.example.net/c.xml</loc></sitemap>
                </sitemapindex>"""), SITEMAP, 100, MB);
        assertThat(result.index()).isTrue();
        assertThat(result.sitemaps()).containsExactly(URI.create("https://example.com/a.xml"), URI.create("https://example.com/b.xml.gz"));
        assertThat(result.ignored()).isEqualTo(1);
    }

    @Test
    void gzipAndPlainTextSitemaps() throws Exception {
        assertThat(SitemapReader.read(gzip(bytes(urlset(3))), SITEMAP, 10, MB).pages()).hasSize(3);
        var text = SitemapReader.read(bytes("https://example.com/one\n\nhttps://example.com/two\nftp://example.com/x\n"), SITEMAP, 10, MB);
        assertThat(text.pages()).containsExactly(URI.create("https://example.com/one"), URI.create("https://example.com/two"));
    }

    @Test
    void externalEntitiesAreNeverResolved() {
        byte[] xxe = bytes("""
                <?xml version="1.0"?>
                <!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <urlset><url><loc>https://example.com/&xxe;</loc></url></urlset>""");
        assertThatThrownBy(() -> SitemapReader.read(xxe, SITEMAP, 10, MB)).isInstanceOf(FetchFailure.class)
                .hasMessageContaining("not valid sitemap XML").hasMessageNotContaining("root:");
    }

    @Test
    void aGzipBombStopsAtTheUnpackedSizeCap() throws Exception {
        byte[] bomb = gzip(new byte[20 * (int) MB]);
        assertThatThrownBy(() -> SitemapReader.read(bomb, SITEMAP, 10, 2 * MB))
                .isInstanceOf(FetchFailure.class).hasMessageContaining("larger than 2 MB");
    }
}
