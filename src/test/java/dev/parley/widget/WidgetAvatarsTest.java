package dev.parley.widget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.TestWorkspaces;
import dev.parley.WebIntegrationTest;
import dev.parley.platform.OwnerDatabase;
import dev.parley.tenancy.AvatarImages;
import dev.parley.tenancy.Bot;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.BotSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.context.SecurityContextHolder;
import tools.jackson.databind.JsonNode;

/** The bot's theme and avatar as the widget gets them: in its config, and the avatar's own public URL. */
class WidgetAvatarsTest extends WebIntegrationTest {

    static final String SITE = "https://site.example";

    @Autowired TestWorkspaces workspaces;
    @Autowired BotService bots;
    @Autowired ApplicationContext context;

    final HttpClient client = HttpClient.newHttpClient();
    Bot bot;

    @BeforeEach
    void aDarkBotWithAnAvatar() {
        workspaces.newOwner();
        bot = bots.create(settings("Night owl", BotSettings.Theme.DARK));
        bot = bots.setAvatar(bot.id(), new ByteArrayInputStream(AvatarImages.png(400, 400)));
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    static BotSettings settings(String name, BotSettings.Theme theme) {
        BotSettings d = BotSettings.defaults(name);
        return new BotSettings(name, d.persona(), d.welcomeMessage(), d.starterQuestions(), d.color(), d.position(), d.language(),
                List.of(SITE), theme);
    }

    @Test
    void theConfigCarriesTheThemeAndAVersionedAvatarUrlOnParleysOrigin() {
        JsonNode config = config(bot);
        assertThat(config.get("theme").asString()).isEqualTo("dark");
        assertThat(config.get("avatarUrl").asString())
                .isEqualTo("/api/v1/widget/avatar/" + bot.publicKey() + "?v=" + bot.avatarVersion())
                .matches("/api/v1/widget/avatar/pk_[A-Za-z0-9_-]+\\?v=[0-9a-f]{16}");

        Bot light = bots.update(bot.id(), settings("Night owl", BotSettings.Theme.LIGHT));
        bots.removeAvatar(bot.id());
        assertThat(light.settings().theme()).isEqualTo(BotSettings.Theme.LIGHT);
        // the config is cached for a minute by browsers, not by the server
        JsonNode after = config(bot);
        assertThat(after.get("theme").asString()).isEqualTo("light");
        assertThat(after.get("avatarUrl").isNull()).isTrue();
    }

    @Test
    void theAvatarIsAPngThatCannotBeSniffedOrRunAndIsCachedForGoodUnderItsVersion() throws IOException {
        HttpResponse<byte[]> versioned = get("/api/v1/widget/avatar/" + bot.publicKey() + "?v=" + bot.avatarVersion());
        assertThat(versioned.statusCode()).isEqualTo(200);
        assertThat(versioned.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(versioned.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(versioned.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).startsWith("default-src 'none'"));
        assertThat(versioned.headers().firstValue("Cache-Control")).hasValueSatisfying(cc -> assertThat(cc)
                .contains("max-age=31536000").contains("public").contains("immutable"));
        assertThat(versioned.headers().firstValue("Set-Cookie")).isEmpty();
        var image = ImageIO.read(new ByteArrayInputStream(versioned.body()));
        assertThat(image.getWidth()).isEqualTo(128);
        assertThat(image.getHeight()).isEqualTo(128);

        // without the current version (an old URL): the current image, checked again soon
        HttpResponse<byte[]> stale = get("/api/v1/widget/avatar/" + bot.publicKey() + "?v=0000000000000000");
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.headers().firstValue("Cache-Control")).hasValueSatisfying(cc -> assertThat(cc)
                .contains("max-age=300").doesNotContain("immutable"));
        assertThat(stale.body()).isEqualTo(versioned.body());
    }

    @Test
    void unknownKeySwitchedOffBotNoAvatarAndIdTricksGetTheSameNotFound() {
        Bot plain = bots.create(settings("Plain", BotSettings.Theme.AUTO));
        Bot off = bots.setAvatar(bots.create(settings("Off", BotSettings.Theme.AUTO)).id(), new ByteArrayInputStream(AvatarImages.png(64, 64)));
        OwnerDatabase.jdbc(context).sql("UPDATE bots SET enabled = false WHERE id = ?").param(off.id()).update();

        List<HttpResponse<byte[]>> refused = List.of(
                get("/api/v1/widget/avatar/pk_unknownunknownunknown00"),
                get("/api/v1/widget/avatar/" + off.publicKey() + "?v=" + off.avatarVersion()),
                get("/api/v1/widget/avatar/" + plain.publicKey()),
                get("/api/v1/widget/avatar/" + bot.id()), // the bot's id is not its public key
                get("/api/v1/widget/avatar/" + bot.publicKey() + "%27%20OR%20true--"),
                get("/api/v1/widget/avatar/" + bot.publicKey().toUpperCase()));
        for (HttpResponse<byte[]> response : refused) {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).isEqualTo(refused.getFirst().body());
            assertThat(withoutDate(response)).isEqualTo(withoutDate(refused.getFirst()));
        }
    }

    @Test
    void anotherTenantsBotShowsOnlyItsOwnAvatarAndCannotTouchThisOne() {
        byte[] mine = get("/api/v1/widget/avatar/" + bot.publicKey()).body();
        workspaces.newOwner();
        Bot theirs = bots.setAvatar(bots.create(settings("Theirs", BotSettings.Theme.LIGHT)).id(),
                new ByteArrayInputStream(AvatarImages.image("png", 90, 90, java.awt.Color.RED)));

        assertThat(get("/api/v1/widget/avatar/" + theirs.publicKey()).body()).isNotEqualTo(mine);
        // signed in to the other workspace, this bot is not there: not readable, not removable
        assertThat(bots.avatar(bot.id())).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bots.removeAvatar(bot.id()))
                .hasMessageContaining("no longer exists");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bots.setAvatar(bot.id(), new ByteArrayInputStream(AvatarImages.png(20, 20))))
                .hasMessageContaining("no longer exists");
        assertThat(get("/api/v1/widget/avatar/" + bot.publicKey()).body()).isEqualTo(mine);
    }

    @Test
    void aClientIgnoringTheCacheIsLimitedPerAddressAndBotWhileAnotherBotsAvatarStillLoads(@Autowired WidgetRateLimits limits) {
        Bot other = bots.setAvatar(bots.create(settings("Other", BotSettings.Theme.AUTO)).id(), new ByteArrayInputStream(AvatarImages.png(32, 32)));
        String path = "/api/v1/widget/avatar/" + bot.publicKey() + "?v=" + bot.avatarVersion();
        int limit = limits.settings().configPerIpAndBot();
        HttpResponse<byte[]> last = get(path);
        int ok = 0;
        for (int i = 0; i < 2 * limit && last.statusCode() != 429; i++) {
            if (last.statusCode() == 200) ok++;
            last = get(path);
        }
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(ok).isBetween(limit, limit + limit / 4); // greedy refill lets a few more through during the burst
        assertThat(last.headers().firstValue("Retry-After")).isPresent();
        assertThat(get("/api/v1/widget/avatar/" + other.publicKey()).statusCode()).isEqualTo(200);
    }

    private JsonNode config(Bot bot) {
        HttpResponse<String> response = new WidgetHttp(baseUrl()).get("/api/v1/widget/config?bot=" + bot.publicKey(), Map.of("Origin", SITE));
        assertThat(response.statusCode()).isEqualTo(200);
        return WidgetHttp.JSON.readTree(response.body());
    }

    private HttpResponse<byte[]> get(String path) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, List<String>> withoutDate(HttpResponse<?> response) {
        var headers = new TreeMap<>(response.headers().map());
        headers.remove("date");
        return headers;
    }
}
