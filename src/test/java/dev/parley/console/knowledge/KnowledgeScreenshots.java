package dev.parley.console.knowledge;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Screenshots of the Knowledge page against a running Parley with the demo workspace, for the
 * docs. Skipped unless asked for:
 * {@code mvn test -Dtest=KnowledgeScreenshots -Dparley.screenshots.url=http://localhost:18090
 * -Dparley.screenshots.password=<demo password>}.
 */
@EnabledIfSystemProperty(named = "parley.screenshots.url", matches = ".+")
class KnowledgeScreenshots {

    @Test
    void knowledgePageAtDesktopAndMobileWidths() {
        String url = System.getProperty("parley.screenshots.url");
        Path dir = Path.of(System.getProperty("parley.screenshots.dir", "docs/screenshots"));
        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(Path.of(System.getProperty("parley.screenshots.chromium", "/usr/bin/chromium")))
                    .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                            "--disable-component-update", "--disable-sync", "--no-first-run")));
            shoot(browser, url, 1440, 1000, dir.resolve("console-knowledge-desktop.png"));
            shoot(browser, url, 390, 844, dir.resolve("console-knowledge-mobile.png"));
        }
    }

    private static void shoot(Browser browser, String url, int width, int height, Path file) {
        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, height))) {
            Page page = context.newPage();
            page.navigate(url + "/login");
            page.locator("input[name=username]").fill(System.getProperty("parley.screenshots.email", "demo@parley.local"));
            page.locator("input[name=password]").fill(System.getProperty("parley.screenshots.password"));
            page.locator("vaadin-login-form vaadin-button").first().click();
            page.waitForURL(u -> !u.contains("/login"));
            page.navigate(url + "/knowledge");
            page.locator("vaadin-grid").first().waitFor(); // documents; the websites grid follows it
            page.locator(".parley-tester input").fill("How is tenant data isolated?");
            page.locator(".parley-tester input").press("Enter");
            page.locator(".parley-result").first().waitFor();
            // The app layout scrolls inside its content area, so a "full page" shot needs a viewport as tall as the page.
            int tall = ((Number) page.evaluate("() => document.querySelector('.parley-page').scrollHeight + 80")).intValue();
            page.setViewportSize(width, Math.max(height, tall));
            page.evaluate("() => document.querySelector('.parley-page').scrollIntoView()");
            page.waitForTimeout(800); // let the grid settle its column widths
            page.screenshot(new Page.ScreenshotOptions().setPath(file));
        }
    }
}
