package dev.parley.widget;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.FileChooser;
import com.microsoft.playwright.Frame;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.parley.BrowserIntegrationTest;
import dev.parley.LoopbackSite;
import dev.parley.TestWorkspaces;
import dev.parley.tenancy.AvatarImages;
import dev.parley.tenancy.Bot;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.BotSettings;
import dev.parley.tenancy.ParleyPrincipal;
import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The bot's theme and avatar in Debian's Chromium: the widget on a site in the saved dark theme with
 * the avatar from Parley's origin, and in the console an avatar uploaded through Vaadin's Upload and a
 * theme change, both shown by the live preview before anything else is saved.
 * Takes the screenshots widget-dark-avatar-* and console-bot-theme-avatar-*.
 */
class WidgetThemeBrowserTest extends BrowserIntegrationTest {

    static LoopbackSite site;
    static final Map<String, String> PAGES = new ConcurrentHashMap<>();

    @Autowired TestWorkspaces workspaces;
    @Autowired BotService bots;

    @BeforeAll
    static void serveSite() {
        site = LoopbackSite.serving(path -> PAGES.containsKey(path) ? LoopbackSite.Content.html(PAGES.get(path)) : null);
    }

    @AfterAll
    static void stopSite() {
        if (site != null) site.close();
    }

    @Test
    void aDarkBotWithAnAvatarShowsBothOnTheSiteOnADesktopAndAPhone() {
        Bot bot = darkBotWithAvatar(List.of(site.origin()));
        SecurityContextHolder.clearContext();
        PAGES.put("/night.html", "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width,initial-scale=1\"><title>Nightfall Lamps</title><style>body{margin:0;font:16px/1.5 "
                + "system-ui,sans-serif;color:#e5e7eb;background:#111827}header{background:#030712;padding:18px 40px;font-weight:700;"
                + "font-size:20px}main{max-width:760px;padding:40px}h1{font-size:34px;margin:0 0 12px}</style></head><body>"
                + "<header>Nightfall Lamps</header><main><h1>Lamps for long evenings</h1><p>Warm light, dimmable, made to last."
                + "</p></main><script src=\"http://localhost:" + port + "/embed.js\" data-bot=\"" + bot.publicKey() + "\" async>"
                + "</script></body></html>");
        for (String device : List.of("desktop", "mobile")) {
            Page page = device.equals("desktop") ? newContext(window(1440, 900)).newPage() : newContext(window(390, 844)).newPage();
            page.navigate(site.origin() + "/night.html");
            Frame chat = WidgetBrowserTest.openPanel(page).contentFrame();

            assertThat(chat.locator("parley-chat")).hasAttribute("data-theme", "dark");
            Locator avatar = chat.locator(".avatar img");
            assertThat(avatar).isVisible();
            String src = avatar.getAttribute("src");
            assertThat(src).isEqualTo("http://localhost:" + port + "/api/v1/widget/avatar/" + bot.publicKey() + "?v=" + bot.avatarVersion());
            // decoded by the browser (img-src 'self' let it through): 128 px wide, drawn round at 30 px
            assertThat(((Number) avatar.evaluate("img => img.complete && img.naturalWidth")).intValue()).isEqualTo(128);
            // the dark theme's own background, not the light one
            String background = (String) chat.evaluate("() => getComputedStyle(document.querySelector('parley-chat').shadowRoot"
                    + ".querySelector('.panel') || document.querySelector('parley-chat')).backgroundColor");
            assertThat(background).isNotEqualTo("rgb(255, 255, 255)");
            WidgetBrowserTest.shot(page, "dark-avatar", device);
            context.close();
            context = null;
        }
    }

    @Test
    void inTheConsoleAnUploadedAvatarAndAThemeChangeShowInThePreviewBeforeSaving() throws Exception {
        ParleyPrincipal owner = workspaces.newOwner();
        Bot bot = bots.create(settings(BotSettings.Theme.AUTO, List.of("https://www.example.com")));
        SecurityContextHolder.clearContext();
        Path portrait = Files.createTempFile("portrait", ".jpg");
        Files.write(portrait, AvatarImages.image("jpeg", 800, 800, new Color(0x7c3aed)));
        for (String device : List.of("desktop", "mobile")) {
            Page page = signIn(owner.email(), TestWorkspaces.passwordOf(owner), device.equals("desktop") ? 1440 : 390,
                    device.equals("desktop") ? 900 : 844);
            page.navigate("/bots/" + bot.id());
            Frame chat = widgetFrame(page);
            assertThat(chat.locator("parley-chat")).hasAttribute("data-theme", "auto");
            if (device.equals("desktop")) {
                // the real upload, through Vaadin's Upload and the bot service under the signed-in member's tenant
                assertThat(chat.locator(".avatar img")).hasCount(0);
                FileChooser chooser = page.waitForFileChooser(() -> page.getByText("Upload image…").click());
                chooser.setFiles(portrait);
                assertThat(page.locator("img.parley-avatar-preview")).isVisible();
                assertThat(chat.locator(".avatar img")).isVisible();
                assertThat(page.getByText("Avatar updated.")).isVisible();
            } else {
                assertThat(page.locator("img.parley-avatar-preview")).isVisible();
                assertThat(chat.locator(".avatar img")).isVisible();
            }
            page.getByLabel("Theme", new Page.GetByLabelOptions().setExact(true)).click();
            page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("Dark")).click();
            assertThat(chat.locator("parley-chat")).hasAttribute("data-theme", "dark");
            page.mouse().move(0, 0);
            if (device.equals("mobile")) page.locator(".parley-avatar-field").scrollIntoViewIfNeeded();
            consoleShot(page, "bot-theme-avatar", device, false);
            context.close();
            context = null;
        }
        Files.deleteIfExists(portrait);
    }

    private Bot darkBotWithAvatar(List<String> origins) {
        workspaces.newOwner();
        Bot bot = bots.create(settings(BotSettings.Theme.DARK, origins));
        return bots.setAvatar(bot.id(), new ByteArrayInputStream(AvatarImages.image("png", 512, 512, new Color(0xf59e0b))));
    }

    private static BotSettings settings(BotSettings.Theme theme, List<String> origins) {
        BotSettings d = BotSettings.defaults("Night owl");
        return new BotSettings("Night owl", d.persona(), "Good evening! Ask me about our lamps.", List.of("Which lamp suits a bedroom?"),
                "#f59e0b", BotSettings.Position.RIGHT, "en", origins, theme);
    }

    /** The chat app inside the console's preview page. */
    private static Frame widgetFrame(Page page) {
        page.waitForCondition(() -> page.frames().stream().anyMatch(f -> f.url().contains("/widget/frame")));
        Frame chat = page.frames().stream().filter(f -> f.url().contains("/widget/frame")).findFirst().orElseThrow();
        chat.waitForSelector("parley-chat[data-theme]");
        return chat;
    }
}
