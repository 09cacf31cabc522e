package dev.parley.console.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.parley.BrowserIntegrationTest;
import dev.parley.analytics.DashboardSeed;
import dev.parley.shared.TenantContext;
import dev.parley.tenancy.AccountService;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.BotSettings;
import dev.parley.tenancy.ParleyPrincipal;
import dev.parley.tenancy.SignUpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The dashboard and account pages in Debian's Chromium against a real server: Chart.js, served by
 * Parley outside Vaadin's bundle, draws every chart with the day's numbers, and nothing is fetched
 * from anywhere else. Takes the screenshots of both pages (-Dparley.screenshots=docs/screenshots).
 */
class DashboardBrowserTest extends BrowserIntegrationTest {

    static final String PASSWORD = "correct-horse-42";

    @Autowired AccountService accounts;
    @Autowired BotService bots;
    @Autowired JdbcClient jdbc;
    @Autowired TransactionTemplate tx;

    @Test
    void chartsAreDrawnWithTheDaysNumbersFromParleyItself() {
        ParleyPrincipal owner = busyWorkspace("Northwind Shop");
        for (String device : new String[] {"desktop", "mobile"}) {
            Page page = signIn(owner, device);
            List<String> requested = new ArrayList<>();
            page.onRequest(request -> requested.add(request.url()));
            page.onConsoleMessage(message -> System.out.println("console " + message.type() + ": " + message.text()));
            page.navigate("/dashboard");
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Dashboard"))).isVisible();
            Locator canvases = page.locator(".parley-chart canvas");
            // Chart.js (210 KB) loads on first use; give a busy machine time.
            assertThat(canvases).hasCount(5, new LocatorAssertions.HasCountOptions().setTimeout(30_000));

            // Chart.js's own record of what it drew: 30 days, the same conversations the server counted.
            Object points = page.evaluate("() => [...document.querySelectorAll('.parley-chart canvas')]"
                    + ".map(c => Chart.getChart(c).data.datasets[0].data.length)");
            assertThat(points).isEqualTo(List.of(30, 30, 30, 30, 30));
            Number drawn = (Number) page.evaluate("() => Chart.getChart(document.querySelector('.parley-chart canvas'))"
                    + ".data.datasets[0].data.reduce((a, b) => a + b, 0)");
            long counted = inTenant(owner, db -> db.sql("SELECT count(*) FROM conversations"
                    + " WHERE (started_at AT TIME ZONE 'UTC')::date > (now() AT TIME ZONE 'UTC')::date - 30").query(Long.class).single());
            assertThat(drawn.longValue()).isEqualTo(counted);
            Number inked = (Number) page.evaluate("() => { const c = document.querySelector('.parley-chart canvas');"
                    + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
                    + " for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }");
            assertThat(inked.intValue()).as("pixels drawn on the first chart").isGreaterThan(2000);
            // The seed draws questions at random: the most asked one in the range must be in the top list.
            String mostAsked = inTenant(owner, db -> db.sql("SELECT content FROM messages WHERE role = 'USER'"
                    + " AND (created_at AT TIME ZONE 'UTC')::date > (now() AT TIME ZONE 'UTC')::date - 30"
                    + " GROUP BY content ORDER BY count(*) DESC, content LIMIT 1").query(String.class).single());
            assertThat(page.getByText(mostAsked, new Page.GetByTextOptions().setExact(true)).first()).isVisible();
            shot(page, "dashboard", device, true);
            if (device.equals("mobile")) {
                page.locator(".parley-chart-card").first().scrollIntoViewIfNeeded();
                shot(page, "dashboard-charts", device, false);
            }

            page.navigate("/account");
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Usage and limits"))).isVisible();
            shot(page, "account", device, true);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete workspace…")).click();
            page.getByLabel("Type the workspace name to confirm").fill("Northwind");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete workspace").setExact(true)).click();
            assertThat(page.getByText("Type the workspace name exactly as shown to delete it.")).isVisible();
            assertThat(page.getByLabel("Workspace name", new Page.GetByLabelOptions().setExact(true))).hasValue("Northwind Shop");
            shot(page, "account-delete", device, false);

            String origin = "http://localhost:" + port + "/";
            assertThat(requested).as("every request goes to Parley").allSatisfy(url -> assertThat(url).startsWith(origin));
            assertThat(requested).anySatisfy(url -> assertThat(url).endsWith("/console/parley-charts.js"));
            context.close();
            context = null;
        }
    }

    @Test
    void aWorkspaceWithoutTrafficSaysWhatToDoNext() {
        ParleyPrincipal owner = accounts.signUp(new SignUpRequest("Quinn Quiet", uniqueEmail(), PASSWORD, "Quiet Co"));
        Page page = signIn(owner, "desktop");
        page.navigate("/dashboard");
        assertThat(page.getByText("No conversations in this range yet.")).isVisible();
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Embed a bot on your site"))).isVisible();
        shot(page, "dashboard-empty", "desktop", false);
    }

    private ParleyPrincipal busyWorkspace(String name) {
        ParleyPrincipal owner = accounts.signUp(new SignUpRequest("Dana Dashboard", uniqueEmail(), PASSWORD, name));
        SecurityContextHolder.getContext().setAuthentication(accounts.authenticationFor(owner));
        UUID llm;
        UUID extractive;
        try {
            llm = bots.create(BotSettings.defaults("Shop assistant")).id();
            extractive = bots.create(BotSettings.defaults("Help centre")).id();
        } finally {
            SecurityContextHolder.clearContext();
        }
        inTenant(owner, db -> {
            DashboardSeed.seed(db, owner.tenant().value(), llm, extractive, 40, 900, 2, 500);
            return null;
        });
        return owner;
    }

    private <T> T inTenant(ParleyPrincipal member, java.util.function.Function<JdbcClient, T> work) {
        return TenantContext.callAs(member.tenant(), member.user(), () -> tx.execute(status -> work.apply(jdbc)));
    }

    private Page signIn(ParleyPrincipal who, String device) {
        boolean mobile = device.equals("mobile");
        Page page = signIn(who.email(), PASSWORD, mobile ? 390 : 1440, mobile ? 844 : 900);
        assertThat(page.getByText("Welcome, " + who.displayName())).isVisible();
        return page;
    }

    private static String uniqueEmail() {
        return "dash-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private static void shot(Page page, String name, String device, boolean fullPage) {
        consoleShot(page, name, device, fullPage);
    }
}
