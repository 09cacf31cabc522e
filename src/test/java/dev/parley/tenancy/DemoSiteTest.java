package dev.parley.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo host page that `./parley start` serves next to the console. */
class DemoSiteTest {

    @Test
    void servesAShopPageWithTheSnippetOnLoopbackOnly() throws Exception {
        try (DemoSite site = DemoSite.start(0, "http://localhost:8080/", "pk_demo-Key_1");
             HttpClient http = HttpClient.newHttpClient()) {
            assertThat(site.url()).matches("http://127\\.0\\.0\\.1:\\d+/");
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(site.url())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
            assertThat(page.body()).contains("<script src=\"http://localhost:8080/embed.js\" data-bot=\"pk_demo-Key_1\" async></script>");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(site.url() + "admin")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void anInstallSeededBeforeTheDemoSiteGetsItsOriginAllowed() {
        BotSettings old = BotSettings.defaults("Parley Helper");
        old = new BotSettings(old.name(), old.persona(), old.welcomeMessage(), old.starterQuestions(), old.color(),
                old.position(), old.language(), List.of("http://localhost:8080"), old.theme());
        assertThat(DemoWorkspace.withOrigin(old, "http://127.0.0.1:8081").allowedOrigins())
                .containsExactly("http://localhost:8080", "http://127.0.0.1:8081");
    }
}
