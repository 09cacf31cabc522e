package dev.parley.widget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.TestWorkspaces;
import dev.parley.WebIntegrationTest;
import dev.parley.platform.OwnerDatabase;
import dev.parley.tenancy.Bot;
import dev.parley.tenancy.BotService;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.context.SecurityContextHolder;

/** The widget's files as a browser fetches them: caching, compression, and the frame page's CSP. */
class WidgetAssetsTest extends WebIntegrationTest {

    @Autowired TestWorkspaces workspaces;
    @Autowired BotService bots;
    @Autowired ApplicationContext context;

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void theLoaderIsCachedBrieflyWithAnETagAndServedCompressed() {
        WidgetHttp http = new WidgetHttp(baseUrl());
        HttpResponse<String> loader = http.get("/embed.js", Map.of());
        assertThat(loader.statusCode()).isEqualTo(200);
        assertThat(loader.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        assertThat(loader.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age=300").contains("public");
        String etag = loader.headers().firstValue("ETag").orElseThrow();
        assertThat(loader.body()).doesNotContain("prly_");
        assertThat(http.get("/embed.js", Map.of("If-None-Match", etag)).statusCode()).isEqualTo(304);
        assertThat(http.get("/embed.js", Map.of("Accept-Encoding", "gzip")).headers().firstValue("Content-Encoding")).contains("gzip");
    }

    @Test
    void theAppsHashedFilesAreCachedForAYear() {
        WidgetHttp http = new WidgetHttp(baseUrl());
        Matcher script = Pattern.compile("src=\"/widget/(app\\.[0-9a-f]+\\.js)\"").matcher(http.get("/widget/frame?bot=pk_unknownunknownunknown1", Map.of()).body());
        assertThat(script.find()).isTrue();
        HttpResponse<String> app = http.get("/widget/" + script.group(1), Map.of());
        assertThat(app.statusCode()).isEqualTo(200);
        assertThat(app.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age=31536000").contains("immutable");
        assertThat(app.body()).doesNotContain("prly_").doesNotContain("sk-");
    }

    @Test
    void theFramePageMayBeFramedOnlyByTheBotsSitesAndUnknownOrDisabledBotsLookAlike() {
        workspaces.newOwner();
        Bot bot = bots.create(WidgetApiTest.settings("Framed", List.of("https://site.example", "https://*.shop.example")));
        Bot off = bots.create(WidgetApiTest.settings("Off", List.of("https://site.example")));
        OwnerDatabase.jdbc(context).sql("UPDATE bots SET enabled = false WHERE id = ?").param(off.id()).update();
        WidgetHttp http = new WidgetHttp(baseUrl());

        HttpResponse<String> framed = http.get("/widget/frame?bot=" + bot.publicKey(), Map.of());
        assertThat(framed.statusCode()).isEqualTo(200);
        String csp = framed.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("frame-ancestors https://site.example https://*.shop.example").contains("script-src 'self'")
                .contains("default-src 'none'").doesNotContain("unsafe");
        assertThat(framed.headers().firstValue("X-Frame-Options")).isEmpty();
        assertThat(framed.body()).contains("<parley-chat>");

        HttpResponse<String> unknown = http.get("/widget/frame?bot=pk_unknownunknownunknown1", Map.of());
        HttpResponse<String> disabled = http.get("/widget/frame?bot=" + off.publicKey(), Map.of());
        HttpResponse<String> hostile = http.get("/widget/frame?bot=%3Cscript%3E", Map.of());
        for (HttpResponse<String> r : List.of(unknown, disabled, hostile)) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow()).endsWith("frame-ancestors 'none'");
            assertThat(r.body()).isEqualTo(unknown.body()).doesNotContain("<script>");
        }
    }
}
