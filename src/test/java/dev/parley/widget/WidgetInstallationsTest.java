package dev.parley.widget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.TestWorkspaces;
import dev.parley.WebIntegrationTest;
import dev.parley.platform.OwnerDatabase;
import dev.parley.tenancy.Bot;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.TenancyProperties;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The install check as the widget API feeds it, over real HTTP: served and refused sites are noted
 * at most once a minute, Parley's own pages are never noted but may use any enabled bot, and forged
 * origins cannot grow the table without bound.
 */
class WidgetInstallationsTest extends WebIntegrationTest {

    static final String SITE = "https://site.example";

    @Autowired TestWorkspaces workspaces;
    @Autowired BotService bots;
    @Autowired WidgetInstallations installations;
    @Autowired ApplicationContext context;
    @Autowired TenancyProperties tenancy;

    Bot bot;
    WidgetHttp http;
    JdbcClient owner;

    @BeforeEach
    void aBotForOneSite() {
        workspaces.newOwner();
        bot = bots.create(WidgetApiTest.settings("Installed", List.of(SITE, "https://*.shop.example")));
        http = new WidgetHttp(baseUrl());
        owner = OwnerDatabase.jdbc(context);
        installations.forgetRecent();
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void aServedSiteIsNotedOnceAMinuteAndShownToTheBotsWorkspaceOnly() {
        assertThat(config(Map.of("Origin", SITE)).statusCode()).isEqualTo(200);
        Instant first = lastAllowed(SITE);
        assertThat(first).isNotNull();

        for (int i = 0; i < 5; i++) assertThat(config(Map.of("Origin", SITE)).statusCode()).isEqualTo(200);
        installations.forgetRecent(); // another node: the database itself refuses a second write within the minute
        assertThat(config(Map.of("Origin", SITE)).statusCode()).isEqualTo(200);
        assertThat(lastAllowed(SITE)).isEqualTo(first);

        owner.sql("UPDATE widget_sightings SET last_allowed_at = last_allowed_at - interval '2 minutes' WHERE bot_id = ?")
                .param(bot.id()).update();
        Instant backdated = lastAllowed(SITE);
        installations.forgetRecent();
        assertThat(config(Map.of("Origin", SITE)).statusCode()).isEqualTo(200);
        assertThat(lastAllowed(SITE)).as("a minute later it is noted again").isAfter(backdated.plusSeconds(60));

        // the session from the frame names the host page: noted as the same site, not a second row
        http.session(bot.publicKey(), "https://a.shop.example", Map.of());
        List<WidgetInstallations.Sighting> seen = installations.sightings(bot.id());
        assertThat(seen).extracting(WidgetInstallations.Sighting::origin).containsExactlyInAnyOrder(SITE, "https://a.shop.example");
        assertThat(seen).allSatisfy(s -> assertThat(s.lastDeniedAt()).isNull());

        workspaces.newOwner();
        assertThat(installations.sightings(bot.id())).as("another workspace sees none of it").isEmpty();
    }

    @Test
    void aRefusedSiteIsNotedWhileItsAnswerStaysTheSameAsForAnUnknownBot() {
        HttpResponse<String> refused = config(Map.of("Origin", "https://stranger.example"));
        HttpResponse<String> unknown = http.get("/api/v1/widget/config?bot=pk_unknownunknownunknown1", Map.of("Origin", "https://stranger.example"));
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.body()).isEqualTo(unknown.body());

        // the frame page asked for by a page of another site (its Referer): refused there too, noted
        HttpResponse<String> frame = http.get("/widget/frame?bot=" + bot.publicKey(), Map.of("Referer", "https://other.example/blog/post"));
        assertThat(frame.headers().firstValue("Content-Security-Policy").orElseThrow())
                .endsWith("frame-ancestors https://site.example https://*.shop.example 'self'");

        assertThat(installations.sightings(bot.id())).extracting(WidgetInstallations.Sighting::origin)
                .containsExactlyInAnyOrder("https://stranger.example", "https://other.example");
        assertThat(installations.sightings(bot.id())).allSatisfy(s -> {
            assertThat(s.lastDeniedAt()).isNotNull();
            assertThat(s.lastAllowedAt()).isNull();
        });
    }

    @Test
    void parleysOwnPagesMayUseAnyEnabledBotAndAreNeverNoted() {
        Bot noSites = bots.create(WidgetApiTest.settings("Not installed anywhere", List.of()));
        String own = baseUrl();
        HttpResponse<String> config = http.get("/api/v1/widget/config?bot=" + noSites.publicKey() + "&host=" + own,
                Map.of("Referer", own + "/widget/frame?bot=" + noSites.publicKey()));
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(http.session(noSites.publicKey(), own, Map.of()).get("token").asString()).isNotBlank();
        assertThat(http.get("/widget/frame?bot=" + noSites.publicKey(), Map.of("Referer", own + "/bot-preview/x"))
                .headers().firstValue("Content-Security-Policy").orElseThrow()).endsWith("frame-ancestors 'self'");

        // another site cannot borrow Parley's own origin: its Origin header gives it away
        HttpResponse<String> borrowed = http.post("/api/v1/widget/sessions", Map.of("bot", noSites.publicKey(), "host", own),
                Map.of("Origin", "https://evil.example"));
        assertThat(borrowed.statusCode()).isEqualTo(404);
        HttpResponse<String> crossOrigin = http.get("/api/v1/widget/config?bot=" + noSites.publicKey() + "&host=" + own,
                Map.of("Origin", "https://evil.example"));
        assertThat(crossOrigin.statusCode()).isEqualTo(404);

        assertThat(installations.sightings(noSites.id())).extracting(WidgetInstallations.Sighting::origin)
                .doesNotContain(own).containsExactly("https://evil.example");
    }

    @Test
    void aSwitchedOffBotIsRefusedEvenOnParleysOwnPages() {
        owner.sql("UPDATE bots SET enabled = false WHERE id = ?").param(bot.id()).update();
        String own = baseUrl();
        assertThat(http.get("/api/v1/widget/config?bot=" + bot.publicKey() + "&host=" + own,
                Map.of("Referer", own + "/widget/frame")).statusCode()).isEqualTo(404);
        assertThat(http.post("/api/v1/widget/sessions", Map.of("bot", bot.publicKey(), "host", own), Map.of("Origin", own))
                .statusCode()).isEqualTo(404);
        assertThat(http.get("/widget/frame?bot=" + bot.publicKey(), Map.of()).headers().firstValue("Content-Security-Policy")
                .orElseThrow()).endsWith("frame-ancestors 'none'");
    }

    @Test
    void forgedOriginsCannotGrowTheTableBeyondTheNewestRowsPerBot() {
        for (int i = 0; i < WidgetInstallations.KEPT_PER_BOT + 15; i++) {
            assertThat(config(Map.of("Origin", "https://forged-" + i + ".example")).statusCode()).isEqualTo(404);
        }
        long rows = owner.sql("SELECT count(*) FROM widget_sightings WHERE bot_id = ?").param(bot.id()).query(Long.class).single();
        assertThat(rows).isEqualTo(WidgetInstallations.KEPT_PER_BOT);
        assertThat(installations.sightings(bot.id())).extracting(WidgetInstallations.Sighting::origin)
                .contains("https://forged-" + (WidgetInstallations.KEPT_PER_BOT + 14) + ".example");
    }

    @Test
    void theSnippetUsesTheConfiguredPublicAddress() {
        assertThat(installations.snippet(bot.publicKey())).isEqualTo("<script src=\"" + tenancy.publicUrl().replaceAll("/+$", "")
                + "/embed.js\" data-bot=\"" + bot.publicKey() + "\" async></script>");
    }

    private HttpResponse<String> config(Map<String, String> headers) {
        return http.get("/api/v1/widget/config?bot=" + bot.publicKey(), headers);
    }

    private Instant lastAllowed(String origin) {
        return owner.sql("SELECT last_allowed_at FROM widget_sightings WHERE bot_id = ? AND origin = ?").param(bot.id()).param(origin)
                .query(java.sql.Timestamp.class).optional().map(java.sql.Timestamp::toInstant).orElse(null);
    }
}
