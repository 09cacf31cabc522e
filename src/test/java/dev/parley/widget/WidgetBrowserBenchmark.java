package dev.parley.widget;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.parley.widget.WidgetBrowserTest.PAGES;
import static dev.parley.widget.WidgetBrowserTest.clickLauncher;
import static dev.parley.widget.WidgetBrowserTest.site;
import static dev.parley.widget.WidgetBrowserTest.widgetFrame;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Frame;
import com.microsoft.playwright.Page;
import dev.parley.BrowserIntegrationTest;
import dev.parley.TestWorkspaces;
import dev.parley.tenancy.Bot;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.BotSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The widget's speed in Chromium, median of 20 runs, each in a fresh browser context (cold caches):
 * <ul>
 *   <li><b>loader → launcher</b>: from the end of embed.js's download (its execution starts right after) to
 *       the first animation frame after the launcher is in the page (Resource Timing + a MutationObserver
 *       installed before any script runs; the loader has no bytes to spare for a performance mark);</li>
 *   <li><b>click → ready</b>: from the click on the launcher to a usable chat (iframe page, app JS and CSS,
 *       config, session and history fetched, input enabled, welcome shown), wall clock in the test
 *       (includes a few ms of Playwright polling).</li>
 * </ul>
 * Not a test (no Test suffix): run by bench/widget.sh. Prints lines starting with "WIDGET".
 */
class WidgetBrowserBenchmark extends BrowserIntegrationTest {

    static final int RUNS = 20;

    @Autowired TestWorkspaces workspaces;
    @Autowired BotService bots;

    @BeforeAll
    static void serveSites() {
        WidgetBrowserTest.serveSites();
    }

    @AfterAll
    static void stopSites() {
        WidgetBrowserTest.stopSites();
    }

    @Test
    void benchmark() {
        workspaces.newOwner();
        BotSettings d = BotSettings.defaults("Bench helper");
        Bot bot = bots.create(new BotSettings(d.name(), d.persona(), d.welcomeMessage(), d.starterQuestions(), d.color(),
                d.position(), d.language(), List.of(site.origin()), d.theme()));
        SecurityContextHolder.clearContext();
        String bench = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Bench</title></head><body>"
                + "<script src=\"http://localhost:" + port + "/embed.js\" data-bot=\"" + bot.publicKey() + "\" async></script></body></html>";
        PAGES.put("/bench.html", bench);
        // Baseline: the snippet names colour and side, so the loader draws without asking for the bot's look.
        PAGES.put("/bench-attrs.html", bench.replace(" async>", " data-color=\"#4f46e5\" data-position=\"right\" async>"));
        List<Double> launcher = new ArrayList<>(), ready = new ArrayList<>(), baseline = new ArrayList<>();
        for (int i = 0; i < RUNS + 1; i++) { // the first run warms the server up and is not counted
            baseline.add(launcherMs("/bench-attrs.html"));
            BrowserContext ctx = chromium.newContext(new Browser.NewContextOptions().setViewportSize(1440, 900));
            ctx.setDefaultTimeout(20_000);
            ctx.addInitScript(OBSERVE);
            Page page = ctx.newPage();
            page.navigate(site.origin() + "/bench.html");
            page.waitForFunction("() => window.__launcherAt");
            double ms = ((Number) page.evaluate("""
                    () => window.__launcherAt - performance.getEntriesByType('resource')
                      .find(e => e.name.endsWith('/embed.js')).responseEnd""")).doubleValue();
            long t0 = System.nanoTime();
            clickLauncher(page);
            Frame chat = widgetFrame(page);
            assertThat(chat.locator("textarea")).isEnabled();
            assertThat(chat.locator(".log .msg.bot").first()).isVisible();
            double click = (System.nanoTime() - t0) / 1e6;
            if (i > 0) {
                launcher.add(ms);
                ready.add(click);
            }
            ctx.close();
        }
        System.out.printf("WIDGET loader execution -> launcher visible: median %.1f ms (min %.1f, max %.1f, %d runs)%n",
                median(launcher), Collections.min(launcher), Collections.max(launcher), RUNS);
        System.out.printf("WIDGET click -> ready chat: median %.1f ms (min %.1f, max %.1f, %d runs)%n",
                median(ready), Collections.min(ready), Collections.max(ready), RUNS);
        baseline.removeFirst();
        System.out.printf("WIDGET baseline, data-color + data-position (no config request) -> launcher visible: median %.1f ms "
                + "(min %.1f, max %.1f, %d runs); with the bot's saved look / baseline: %.2f%n", median(baseline),
                Collections.min(baseline), Collections.max(baseline), RUNS, median(launcher) / median(baseline));
    }

    /** Loader execution to launcher visible on one page, in a fresh context. */
    private double launcherMs(String path) {
        BrowserContext ctx = chromium.newContext(new Browser.NewContextOptions().setViewportSize(1440, 900));
        try {
            ctx.setDefaultTimeout(20_000);
            ctx.addInitScript(OBSERVE);
            Page page = ctx.newPage();
            page.navigate(site.origin() + path);
            page.waitForFunction("() => window.__launcherAt");
            return ((Number) page.evaluate("""
                    () => window.__launcherAt - performance.getEntriesByType('resource')
                      .find(e => e.name.endsWith('/embed.js')).responseEnd""")).doubleValue();
        } finally {
            ctx.close();
        }
    }

    static final String OBSERVE = """
            new MutationObserver((list, obs) => {
              if (!document.querySelector('parley-launcher')) return;
              obs.disconnect();
              requestAnimationFrame(() => { window.__launcherAt = performance.now(); });
            }).observe(document, {childList: true, subtree: true});""";

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
