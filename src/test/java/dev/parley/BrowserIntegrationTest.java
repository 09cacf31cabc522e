package dev.parley;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.LoadState;
import com.microsoft.playwright.options.ScreenshotAnimations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Base of the real-browser tests: Debian's Chromium ({@link HeadlessChromium}) for the whole class,
 * one browser context at a time in {@link #context} (closed after each test), signing in to the
 * console, and screenshots. Adds no context configuration, so it shares {@link WebIntegrationTest}'s
 * Spring context. The lifecycle methods have names of their own: a subclass method of the same name
 * would hide them from JUnit.
 */
public abstract class BrowserIntegrationTest extends WebIntegrationTest {

    /** target/screenshots; -Dparley.screenshots=docs/screenshots refreshes the committed ones. */
    public static final Path SHOTS = Path.of(System.getProperty("parley.screenshots", "target/screenshots"));

    protected static Playwright playwright;
    protected static Browser chromium;

    /** The test's current browser context, if any; closed after each test. */
    protected BrowserContext context;

    @BeforeAll
    static void launchChromium() throws IOException {
        Files.createDirectories(SHOTS);
        playwright = Playwright.create();
        chromium = HeadlessChromium.launch(playwright);
    }

    @AfterAll
    static void closeChromium() {
        if (chromium != null) chromium.close();
        if (playwright != null) playwright.close();
        chromium = null;
        playwright = null;
    }

    @AfterEach
    void closeBrowserContext() {
        if (context != null) context.close();
        context = null;
        SecurityContextHolder.clearContext();
    }

    /** A window of this size with British English, as every browser test uses. */
    protected static Browser.NewContextOptions window(int width, int height) {
        return new Browser.NewContextOptions().setViewportSize(width, height).setLocale("en-GB");
    }

    /** Opens a fresh context (closing none) as {@link #context}, with waits long enough for a busy build machine. */
    protected BrowserContext newContext(Browser.NewContextOptions options) {
        context = chromium.newContext(options);
        context.setDefaultTimeout(20_000);
        return context;
    }

    /** A new page in a fresh context whose relative addresses go to the console under test (exports download). */
    protected Page consolePage(int width, int height) {
        return newContext(window(width, height).setBaseURL("http://localhost:" + port).setAcceptDownloads(true)).newPage();
    }

    /** Signs in through the console's login form in a fresh context; returns once the browser has left /login. */
    protected Page signIn(String email, String password, int width, int height) {
        Page page = consolePage(width, height);
        page.navigate("/login");
        field(page, "E-mail").fill(email);
        field(page, "Password").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        page.waitForURL(url -> !url.contains("/login"));
        return page;
    }

    /** The form field with exactly this label. */
    protected static Locator field(Page page, String label) {
        return page.getByLabel(label, new Page.GetByLabelOptions().setExact(true));
    }

    /** Once the network is idle, saves the viewport (or the whole page) as SHOTS/console-NAME-DEVICE.png. */
    protected static Path consoleShot(Page page, String name, String device, boolean fullPage) {
        page.waitForLoadState(LoadState.NETWORKIDLE);
        Path file = SHOTS.resolve("console-" + name + "-" + device + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(fullPage).setAnimations(ScreenshotAnimations.DISABLED));
        assertThat(file).isNotEmptyFile();
        return file;
    }
}
