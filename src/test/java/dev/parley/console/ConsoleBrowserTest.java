package dev.parley.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.parley.BrowserIntegrationTest;
import dev.parley.tenancy.AccountService;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.BotSettings;
import dev.parley.tenancy.ParleyPrincipal;
import dev.parley.tenancy.SignUpRequest;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The console in a real browser against a real server: Debian's Chromium driven by Playwright.
 * Also takes the console's screenshots (see {@link #SHOTS}). A second Spring context (a real port), which
 * adopts the embedded PostgreSQL of the other tests.
 */
class ConsoleBrowserTest extends BrowserIntegrationTest {

    static final String PASSWORD = "correct-horse-42";

    @Autowired AccountService accounts;
    @Autowired BotService bots;

    @Test
    void signUpCreateABotAndSignOut() {
        Page page = consolePage(1440, 900);
        page.navigate("/login");
        assertThat(page.getByText("Sign in to Parley")).isVisible();
        assertThat(page.context().request().get("/styles/console.css").ok()).as("stylesheet, signed out").isTrue();
        shot(page, "login", "desktop");

        page.navigate("/signup");
        String email = "pat-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        field(page, "Your name").fill("Pat Playwright");
        field(page, "Work e-mail").fill(email);
        field(page, "Password").fill(PASSWORD);
        field(page, "Workspace name").fill("Playwright Inc");
        shot(page, "signup", "desktop");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create workspace")).click();

        page.waitForURL(Pattern.compile(".*/overview$"));
        assertThat(page.getByText("Welcome, Pat Playwright")).isVisible();
        shot(page, "overview", "desktop");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Bots")).first().click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("New bot")).click();
        page.waitForURL(Pattern.compile(".*/bots/new$"));
        field(page, "Name").fill("Website helper");
        field(page, "Allowed sites").fill("https://www.example.com\nhttps://*.example.com");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create bot")).click();
        assertThat(page.getByText("Saved Website helper.")).isVisible();
        Locator heading = page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Website helper"));
        assertThat(heading).isVisible();
        heading.scrollIntoViewIfNeeded();
        assertThat(field(page, "Public widget key")).hasValue(Pattern.compile("pk_.*"));
        shot(page, "bot-settings", "desktop");

        field(page, "LLM endpoint").fill("http://localhost:11434/v1");
        field(page, "Model").fill("llama3.2");
        field(page, "Hand-off line").fill("Write to help@example.com and we'll get back to you.");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save answer settings")).click();
        assertThat(page.getByText("Answer settings saved.")).isVisible();
        Locator answers = page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Answers"));
        answers.scrollIntoViewIfNeeded();
        assertThat(page.getByText("Answers are written by llama3.2 at http://localhost:11434/v1")).isVisible();
        shot(page, "bot-answers", "desktop");
        identitySecretShot(page, "desktop");

        page.navigate("/bots");
        assertThat(page.getByText("https://www.example.com, https://*.example.com")).isVisible();
        shot(page, "bots", "desktop");

        teamAndInvitationShots(page, "desktop");

        page.navigate("/overview");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
        page.waitForURL(Pattern.compile(".*/login$"));
        assertThat(page.getByText("Sign in to Parley")).isVisible();
        page.navigate("/bots");
        page.waitForURL(Pattern.compile(".*/login$"));
    }

    @Test
    void mobileScreens() {
        ParleyPrincipal owner = accounts.signUp(new SignUpRequest("Mo Bile", "mo-" + UUID.randomUUID().toString()
                .substring(0, 8) + "@example.com", PASSWORD, "Pocket Co"));
        SecurityContextHolder.getContext().setAuthentication(accounts.authenticationFor(owner));
        try {
            BotSettings d = BotSettings.defaults("Pocket helper");
            bots.create(new BotSettings(d.name(), d.persona(), d.welcomeMessage(), List.of("Where is my order?"), "#0f766e",
                    d.position(), d.language(), List.of("https://shop.example.com"), d.theme()));
        } finally {
            SecurityContextHolder.clearContext();
        }
        Page page = consolePage(390, 844);
        page.navigate("/signup");
        assertThat(page.getByText("Create your workspace")).isVisible();
        shot(page, "signup", "mobile");

        page.navigate("/login");
        shot(page, "login", "mobile");
        field(page, "E-mail").fill(owner.email());
        field(page, "Password").fill(PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page.getByText("Welcome, Mo Bile")).isVisible();
        assertThat(page.context().request().get("/styles/console.css").ok()).as("stylesheet, signed in").isTrue();
        shot(page, "overview", "mobile");

        page.navigate("/bots");
        assertThat(page.getByText("Pocket helper").first()).isVisible();
        shot(page, "bots", "mobile");
        page.getByText("Pocket helper").first().click();
        assertThat(field(page, "Name")).hasValue("Pocket helper");
        shot(page, "bot-settings", "mobile");
        page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Answers")).scrollIntoViewIfNeeded();
        shot(page, "bot-answers", "mobile");
        identitySecretShot(page, "mobile");

        teamAndInvitationShots(page, "mobile");
    }

    private void teamAndInvitationShots(Page page, String device) {
        page.navigate("/team");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Team"))).isVisible();
        shot(page, "team", device);
        field(page, "E-mail").fill("sam-" + device + "@example.com");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create invitation link")).click();
        Locator link = field(page, "Invitation link");
        assertThat(link).hasValue(Pattern.compile(".*/invite/.*"));
        String url = link.inputValue();
        shot(page, "team-invitation", device);

        page.navigate("/invite/" + url.substring(url.indexOf("/invite/") + "/invite/".length()));
        assertThat(page.getByText("Join workspace")).isVisible();
        shot(page, "invitation", device);
    }

    /** Bot settings → Identified visitors: a fresh identity secret, shown this once. */
    private static void identitySecretShot(Page page, String device) {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Generate secret")).click();
        assertThat(field(page, "Identity secret")).hasValue(Pattern.compile("pvs_.{43}"));
        page.getByText("On your server, for a signed-in visitor").scrollIntoViewIfNeeded();
        shot(page, "bot-identity", device);
    }

    private static void shot(Page page, String name, String device) {
        consoleShot(page, name, device, false);
    }
}
