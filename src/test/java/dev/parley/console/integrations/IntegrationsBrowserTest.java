package dev.parley.console.integrations;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.LoadState;
import dev.parley.BrowserIntegrationTest;
import dev.parley.LoopbackSite;
import dev.parley.tenancy.AccountService;
import dev.parley.tenancy.ApiKeyService;
import dev.parley.tenancy.ApiScope;
import dev.parley.tenancy.ParleyPrincipal;
import dev.parley.tenancy.SignUpRequest;
import dev.parley.webhooks.WebhookEvent;
import dev.parley.webhooks.WebhookService;
import dev.parley.webhooks.Webhooks;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The Integrations pages in Chromium: an API key created through the UI shows its secret once, the
 * app's own address is refused on the webhook form, and the screenshots of all three pages at 1440
 * and 390 px (target/screenshots; -Dparley.screenshots=docs/screenshots refreshes the committed ones).
 */
class IntegrationsBrowserTest extends BrowserIntegrationTest {

    static final String PASSWORD = "correct-horse-42";
    static final Page.GetByTextOptions EXACT = new Page.GetByTextOptions().setExact(true);

    static LoopbackSite receiver;

    @Autowired AccountService accounts;
    @Autowired ApiKeyService apiKeys;
    @Autowired WebhookService webhooks;

    @BeforeAll
    static void startReceiver() {
        com.microsoft.playwright.assertions.PlaywrightAssertions.setDefaultAssertionTimeout(20_000); // a busy build machine
        receiver = LoopbackSite.handling(exchange ->
                LoopbackSite.answerEmpty(exchange, exchange.getRequestURI().getPath().startsWith("/fail") ? 500 : 204));
    }

    @AfterAll
    static void stopReceiver() {
        if (receiver != null) receiver.close();
    }

    @Test
    void integrationsAtDesktopAndPhoneWidths() {
        ParleyPrincipal owner = workspaceWithIntegrations();
        for (int[] size : new int[][] {{1440, 1000}, {390, 844}}) {
            String device = size[0] > 600 ? "desktop" : "mobile";
            Page page = signIn(owner, size[0], size[1]);

            page.navigate("/integrations/api-keys");
            assertThat(cell(page, "Nightly help-center sync")).isVisible();
            shot(page, "integrations-api-keys", device);
            if (device.equals("desktop")) createKeyThroughTheForm(page);

            page.navigate("/integrations/webhooks");
            cell(page, url("/fail/alerts")).click();
            assertThat(page.getByText("Deliveries to " + url("/fail/alerts"))).isVisible();
            page.locator("vaadin-grid-cell-content", new Page.LocatorOptions().setHasText("webhook.test")).last().click(); // its attempts
            assertThat(page.getByText("Attempt 5")).isVisible();
            shot(page, "integrations-webhooks", device);
            if (device.equals("desktop")) refusesParleyItself(page);

            page.navigate("/integrations/audit-log");
            assertThat(cell(page, "webhook.created")).isVisible();
            shot(page, "integrations-audit-log", device);
            context.close();
            context = null;
        }
    }

    private void createKeyThroughTheForm(Page page) {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create API key")).click();
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("Browser key");
        page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName("Read conversations")).check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key")).click();
        Locator secret = page.getByRole(AriaRole.TEXTBOX, new Page.GetByRoleOptions().setName("Secret key"));
        assertThat(secret).hasText(java.util.regex.Pattern.compile("prly_.{8}_.{32}"));
        shot(page, "integrations-api-key-created", "desktop");
        assertThat(apiKeys.verify(secret.textContent().strip())).isPresent();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("I have stored it")).click();
        assertThat(cell(page, "Browser key")).isVisible();
    }

    private void refusesParleyItself(Page page) {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add endpoint")).click();
        page.getByLabel("Endpoint URL").fill("http://127.0.0.1:" + port + "/api/v1/widget/config");
        page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName("document.ready · A document is indexed and searchable")).check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add endpoint").setExact(true)).last().click();
        assertThat(page.getByText("This address is Parley itself; send webhooks to another server.")).isVisible();
        shot(page, "integrations-webhook-refused", "desktop");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel")).click();
    }

    /** A workspace with keys, two endpoints (one healthy, one failing) and their deliveries. */
    private ParleyPrincipal workspaceWithIntegrations() {
        ParleyPrincipal owner = accounts.signUp(new SignUpRequest("Ines Integrator", "ines-" + UUID.randomUUID().toString()
                .substring(0, 8) + "@example.com", PASSWORD, "Northwind Support"));
        SecurityContextHolder.getContext().setAuthentication(accounts.authenticationFor(owner));
        apiKeys.create("Nightly help-center sync", EnumSet.of(ApiScope.KNOWLEDGE_READ, ApiScope.KNOWLEDGE_WRITE));
        apiKeys.create("BI export", Set.of(ApiScope.CONVERSATIONS_READ));
        apiKeys.revoke(apiKeys.create("Old chat backend", Set.of(ApiScope.CHAT)).key().id());
        Webhooks.Endpoint crm = webhooks.create(new Webhooks.EndpointInput(url("/crm"), "CRM: new conversations",
                EnumSet.of(WebhookEvent.CONVERSATION_CREATED, WebhookEvent.CONVERSATION_RESOLVED), true)).endpoint();
        Webhooks.Endpoint alerts = webhooks.create(new Webhooks.EndpointInput(url("/fail/alerts"), "On-call alerts",
                EnumSet.of(WebhookEvent.DOCUMENT_FAILED, WebhookEvent.MESSAGE_UNANSWERED), true)).endpoint();
        webhooks.sendTest(crm.id());
        webhooks.sendTest(alerts.id());
        await(() -> webhooks.deliveries(crm.id(), 0, 5).stream().anyMatch(d -> d.status().equals("DELIVERED")));
        await(() -> webhooks.endpoints().stream().anyMatch(e -> e.failingSince() != null));
        SecurityContextHolder.clearContext();
        // A real event, through the chat module's event, for the log's first row.
        publisher.publishEvent(new dev.parley.chat.ConversationStarted(owner.tenant().value(), UUID.randomUUID(), UUID.randomUUID(),
                "v_demo"));
        SecurityContextHolder.getContext().setAuthentication(accounts.authenticationFor(owner));
        await(() -> webhooks.deliveries(crm.id(), 0, 5).size() == 2 && webhooks.deliveries(crm.id(), 0, 5).stream()
                .allMatch(d -> d.status().equals("DELIVERED")));
        SecurityContextHolder.clearContext();
        return owner;
    }

    @Autowired org.springframework.context.ApplicationEventPublisher publisher;

    private Page signIn(ParleyPrincipal owner, int width, int height) {
        return signIn(owner.email(), PASSWORD, width, height);
    }

    /** The first grid cell holding the text (grid cells live in the light DOM, tooltips elsewhere). */
    private static Locator cell(Page page, String text) {
        return page.locator("vaadin-grid-cell-content", new Page.LocatorOptions().setHasText(text)).first();
    }

    private static String url(String path) {
        return receiver.origin() + path;
    }

    private static void await(Supplier<Boolean> condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.get()) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("Not reached within 30 s");
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static void shot(Page page, String name, String device) {
        page.waitForLoadState(LoadState.NETWORKIDLE);
        page.waitForTimeout(400); // grids settle their column widths
        // The app layout scrolls inside its content area: a whole-page shot needs a viewport as tall as the page.
        var size = page.viewportSize();
        int tall = ((Number) page.evaluate("() => (document.querySelector('.parley-page')?.scrollHeight ?? 0) + 80")).intValue();
        if (tall > size.height) page.setViewportSize(size.width, tall);
        page.waitForTimeout(300);
        consoleShot(page, name, device, false);
        page.setViewportSize(size.width, size.height);
    }
}
