package dev.parley.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Frame;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.LoadState;
import com.microsoft.playwright.options.ScreenshotAnimations;
import dev.parley.BrowserIntegrationTest;
import dev.parley.LoopbackSite;
import dev.parley.platform.OwnerDatabase;
import dev.parley.tenancy.AccountService;
import dev.parley.tenancy.Bot;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.BotSettings;
import dev.parley.tenancy.ParleyPrincipal;
import dev.parley.tenancy.SignUpRequest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The bot settings' live preview and the embed page in Debian's Chromium against a real server:
 * the preview follows unsaved settings, the snippet lands on the clipboard, and the install check
 * names the site the widget was opened on (a JDK server on 127.0.0.1, a second origin). Also takes
 * the screenshots of both views at 1440 and 390 px.
 */
class EmbedBrowserTest extends BrowserIntegrationTest {

    static final String PASSWORD = "correct-horse-42";

    static LoopbackSite site;
    static LoopbackSite stranger;
    static volatile String hostPage = "";

    @Autowired AccountService accounts;
    @Autowired BotService bots;
    @Autowired ApplicationContext spring;

    /** Two host sites on loopback ports of their own, each serving {@link #hostPage} at every path. */
    @BeforeAll
    static void serveSites() {
        site = LoopbackSite.serving(path -> LoopbackSite.Content.html(hostPage));
        stranger = LoopbackSite.serving(path -> LoopbackSite.Content.html(hostPage));
    }

    @AfterAll
    static void stopSites() {
        if (site != null) site.close();
        if (stranger != null) stranger.close();
    }

    @Test
    void changingTheColourChangesThePreviewBeforeSaving() {
        Owner owner = ownerWithBot("Preview Co", List.of(site.origin()));
        Page page = signIn(owner, 1440, 900);
        page.navigate("/bots/" + owner.bot.id());
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Live preview"))).isVisible();
        page.waitForCondition(() -> "rgb(79, 70, 229)".equals(preview(page, "getComputedStyle(head()).backgroundColor")));
        page.waitForCondition(() -> "Lamp helper".equals(preview(page, "root().querySelector('.title').textContent")));
        shot(page, "bot-preview", "desktop");

        field(page, "Colour").fill("#0f766e");
        page.waitForCondition(() -> "rgb(15, 118, 110)".equals(preview(page, "getComputedStyle(head()).backgroundColor")));
        field(page, "Name").fill("Lamp expert");
        field(page, "Welcome message").fill("Hello from the preview!");
        page.waitForCondition(() -> "Lamp expert".equals(preview(page, "root().querySelector('.title').textContent")));
        page.waitForCondition(() -> String.valueOf(preview(page, "root().querySelector('.log').textContent")).contains("Hello from the preview!"));

        // the launcher (in the loader's closed shadow root) is checked by its pixels: bottom right of the preview
        page.getByText("Launcher only").click();
        var box = page.locator("iframe.parley-preview-frame").boundingBox();
        page.waitForCondition(() -> {
            int[] rgb = averageColour(page, box.x + box.width - 48 - 3, box.y + box.height - 48 + 16, 6, 6);
            return Math.abs(rgb[0] - 15) < 12 && Math.abs(rgb[1] - 118) < 12 && Math.abs(rgb[2] - 110) < 12;
        });

        String stored = OwnerDatabase.jdbc(spring).sql("SELECT name || ' ' || color FROM bots WHERE id = ?").param(owner.bot.id())
                .query(String.class).single();
        assertThat(stored).as("nothing saved yet").isEqualTo("Lamp helper #4f46e5");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save changes")).click();
        assertThat(page.getByText("Saved Lamp expert.")).isVisible();
    }

    @Test
    void copyTheSnippetSeeTheInstallCheckAndOpenTheTestPage() {
        Owner owner = ownerWithBot("Install Co", List.of(site.origin()));
        Page page = signIn(owner, 1440, 900);
        context.grantPermissions(List.of("clipboard-read", "clipboard-write"), new BrowserContext.GrantPermissionsOptions()
                .setOrigin("http://localhost:" + port));
        page.navigate("/bots");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Embed Lamp helper")).click();
        page.waitForURL(Pattern.compile(".*/bots/" + owner.bot.id() + "/embed$"));
        assertThat(page.getByText("Not seen on any site yet")).isVisible();

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Copy snippet")).click();
        assertThat(page.getByText("Snippet copied.")).isVisible();
        String expected = "<script src=\"" + page.locator(".parley-snippet").textContent().split("\"")[1] + "\" data-bot=\""
                + owner.bot.publicKey() + "\" async></script>";
        assertThat(page.evaluate("navigator.clipboard.readText()")).isEqualTo(expected);
        assertThat(expected).contains("/embed.js");

        // the widget opened on the allowed site and on a site that is not allowed
        hostPage = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Shop</title></head><body><h1>Shop</h1>"
                + "<script src=\"http://localhost:" + port + "/embed.js\" data-bot=\"" + owner.bot.publicKey()
                + "\" data-open=\"true\" async></script></body></html>";
        Page shop = context.newPage();
        shop.navigate(site.origin() + "/");
        shop.waitForCondition(() -> shop.frames().stream().anyMatch(f -> f.url().contains("/widget/frame")
                && f.locator("parley-chat").count() == 1 && f.locator("textarea").first().isEnabled()));
        Page elsewhere = context.newPage();
        elsewhere.navigate(stranger.origin() + "/");
        elsewhere.waitForLoadState(LoadState.NETWORKIDLE);
        shop.close();
        elsewhere.close();

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Check again")).click();
        assertThat(page.getByText("Seen on " + site.origin() + " just now")).isVisible();
        assertThat(page.getByText("Refused on " + stranger.origin() + " just now")).isVisible();
        assertThat(page.locator(".parley-site-row").filter(new Locator.FilterOptions().setHasText(site.origin())))
                .containsText("Seen just now");
        shot(page, "embed", "desktop");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Allow " + stranger.origin())).click();
        assertThat(page.getByText("The widget may now load on " + stranger.origin() + ".")).isVisible();
        assertThat(page.locator(".parley-site-origin").filter(new Locator.FilterOptions().setHasText(stranger.origin()))).isVisible();

        // bad input stays in the field with the reason next to it
        field(page, "Add a site").fill("https://shop.example.com/checkout");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add site")).click();
        assertThat(page.getByText("must be an origin only, without path")).isVisible();

        Page test = page.waitForPopup(() -> page.getByText("Open the test page").click());
        test.waitForCondition(() -> test.frames().stream().anyMatch(f -> f.url().contains("/widget/frame")
                && f.locator("parley-chat").count() == 1 && f.locator("textarea").first().isEnabled()));
        assertThat(test.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Lamp helper"))).isVisible();
    }

    @Test
    void mobileScreens() {
        Owner owner = ownerWithBot("Pocket Co", List.of(site.origin(), "https://*.shop.example"));
        Page page = signIn(owner, 390, 844);
        page.navigate("/bots/" + owner.bot.id());
        Locator heading = page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Live preview"));
        heading.scrollIntoViewIfNeeded();
        page.waitForCondition(() -> "Lamp helper".equals(preview(page, "root().querySelector('.title').textContent")));
        page.evaluate("document.querySelector('.parley-preview').scrollIntoView()");
        shot(page, "bot-preview", "mobile");

        page.navigate("/bots/" + owner.bot.id() + "/embed");
        assertThat(page.getByText("Not seen on any site yet")).isVisible();
        shot(page, "embed", "mobile");
    }

    // ---- helpers -------------------------------------------------------------------------------

    record Owner(ParleyPrincipal principal, Bot bot) {}

    Owner ownerWithBot(String workspace, List<String> origins) {
        ParleyPrincipal owner = accounts.signUp(new SignUpRequest("Ola Owner", "ola-" + UUID.randomUUID().toString().substring(0, 8)
                + "@example.com", PASSWORD, workspace));
        SecurityContextHolder.getContext().setAuthentication(accounts.authenticationFor(owner));
        try {
            BotSettings d = BotSettings.defaults("Lamp helper");
            return new Owner(owner, bots.create(new BotSettings("Lamp helper", d.persona(), "Hi! Ask me about our lamps.",
                    List.of("What are the opening hours?"), d.color(), BotSettings.Position.RIGHT, "en", origins, d.theme())));
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    Page signIn(Owner owner, int width, int height) {
        Page page = signIn(owner.principal.email(), PASSWORD, width, height);
        assertThat(page.getByText("Welcome, Ola Owner")).isVisible();
        return page;
    }

    /** Evaluates {@code expression} in the chat frame of the preview (root() = the chat's shadow root), or null. */
    static Object preview(Page page, String expression) {
        for (Frame f : page.frames()) {
            if (!f.url().contains("/widget/frame")) continue;
            try {
                return f.evaluate("() => { const root = () => document.querySelector('parley-chat').shadowRoot;"
                        + " const head = () => root().querySelector('.head'); return " + expression + "; }");
            } catch (RuntimeException e) {
                return null; // the frame is being replaced
            }
        }
        return null;
    }

    static int[] averageColour(Page page, double x, double y, int w, int h) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(page.screenshot(new Page.ScreenshotOptions()
                    .setAnimations(ScreenshotAnimations.DISABLED).setClip(x, y, w, h))));
            long r = 0, g = 0, b = 0;
            int n = image.getWidth() * image.getHeight();
            for (int j = 0; j < image.getHeight(); j++) {
                for (int i = 0; i < image.getWidth(); i++) {
                    int p = image.getRGB(i, j);
                    r += p >> 16 & 255;
                    g += p >> 8 & 255;
                    b += p & 255;
                }
            }
            return new int[] {(int) (r / n), (int) (g / n), (int) (b / n)};
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void shot(Page page, String name, String device) {
        page.waitForLoadState(LoadState.NETWORKIDLE);
        page.waitForTimeout(300);
        consoleShot(page, name, device, false);
    }
}
