package dev.parley.console.integrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.vaadin.browserless.BrowserlessUIContext;
import com.vaadin.flow.component.HasElement;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.RouteNotFoundError;
import dev.parley.LoopbackSite;
import dev.parley.console.ConsoleTest;
import dev.parley.tenancy.ApiKeyService;
import dev.parley.tenancy.ApiScope;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.BotSettings;
import dev.parley.tenancy.ParleyPrincipal;
import dev.parley.tenancy.Role;
import dev.parley.webhooks.WebhookEvent;
import dev.parley.webhooks.WebhookService;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** The Integrations pages: API keys, webhooks and the audit log, and who may open them. */
class IntegrationsViewTest extends ConsoleTest {

    @Autowired ApiKeyService apiKeys;
    @Autowired WebhookService webhooks;
    @Autowired BotService bots;
    @Autowired MockMvc mvc;

    @Test
    void aKeyIsShownOnceRecordsItsLastUseAndIsRevokedAfterConfirmation() throws Exception {
        ParleyPrincipal owner = newWorkspace("Keys Co");
        UUID bot = as(owner, () -> bots.create(BotSettings.defaults("Helper"))).id();
        BrowserlessUIContext browser = window(owner);
        ApiKeysView view = browser.navigate(ApiKeysView.class);
        assertThat(view.empty.isVisible()).isTrue();
        assertThat(view.keys.isVisible()).isFalse();

        browser.test(view.create).click();
        browser.roundTrip(); // the dialog attaches before the response
        browser.test(view.name).setValue("Nightly sync");
        browser.test(view.scopes).selectItem("Read knowledge");
        browser.test(view.saveKey).click();

        String secret = view.shown.secret.getText();
        assertThat(secret).matches("prly_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{32}");
        assertThat(view.keys.isVisible()).isTrue();
        assertThat(browser.test(view.keys).size()).isEqualTo(1);
        assertThat(browser.test(view.keys).getRow(0).name()).isEqualTo("Nightly sync");
        assertThat(browser.test(view.keys).getRow(0).scopes()).containsExactly(ApiScope.KNOWLEDGE_READ);
        assertThat(browser.test(view.keys).getCellText(0, 1)).isEqualTo("Never");
        assertThat(storedSecretHashes(owner)).doesNotContain(secret).allSatisfy(h -> assertThat(h).doesNotContain(secret.substring(14)));

        // Using the key records its last use, at most once a minute.
        mvc.perform(get("/api/v1/bots/{bot}/documents", bot).header("Authorization", "Bearer " + secret)).andExpect(status().isOk());
        Timestamp first = lastUsed(owner);
        assertThat(first).isNotNull();
        mvc.perform(get("/api/v1/bots/{bot}/documents", bot).header("Authorization", "Bearer " + secret)).andExpect(status().isOk());
        assertThat(lastUsed(owner)).isEqualTo(first);
        browser = window(owner); // a fresh page load
        view = browser.navigate(ApiKeysView.class);
        assertThat(browser.test(view.keys).getCellText(0, 1)).isNotEqualTo("Never").contains(String.valueOf(java.time.Year.now().getValue()));

        Button revoke = (Button) browser.test(view.keys).getCellComponent(0, 3);
        browser.test(revoke).click();
        ConfirmDialog confirm = browser.find(ConfirmDialog.class).single();
        assertThat(browser.test(confirm).getHeader()).isEqualTo("Revoke Nightly sync?");
        browser.test(confirm).confirm();

        assertThat(browser.test(view.keys).getCellText(0, 2)).startsWith("Revoked ");
        assertThat(apiKeys.verify(secret)).isEmpty();
        mvc.perform(get("/api/v1/bots/{bot}/documents", bot).header("Authorization", "Bearer " + secret)).andExpect(status().isUnauthorized());
    }

    @Test
    void aKeyWithoutNameOrScopesShowsBothErrorsAndStoresNothing() {
        ParleyPrincipal owner = newWorkspace("Keys Co");
        BrowserlessUIContext browser = window(owner);
        ApiKeysView view = browser.navigate(ApiKeysView.class);
        browser.test(view.create).click();
        browser.roundTrip(); // the dialog attaches before the response
        browser.test(view.name).setValue("   ");
        browser.test(view.saveKey).click();

        assertThat(view.name.isInvalid()).isTrue();
        assertThat(view.name.getErrorMessage()).isEqualTo("Name the key (up to 80 characters).");
        browser.test(view.name).setValue("Reporting");
        browser.test(view.saveKey).click();
        assertThat(view.scopes.isInvalid()).isTrue();
        assertThat(view.scopes.getErrorMessage()).isEqualTo("Choose at least one scope.");
        assertThat(view.shown).isNull();
        assertThat(count(owner, "SELECT count(*) FROM api_keys")).isZero();
    }

    @Test
    void hostileWebhookUrlsAreRefusedNextToTheFieldThenAGoodOneGetsASecretAndATestDelivery() throws Exception {
        try (LoopbackSite receiver = LoopbackSite.handling(exchange -> LoopbackSite.answerEmpty(exchange, 204))) {
            ParleyPrincipal owner = newWorkspace("Hooks Co");
            BrowserlessUIContext browser = window(owner);
            WebhooksView view = browser.navigate(WebhooksView.class);
            assertThat(view.empty.isVisible()).isTrue();
            browser.test(view.add).click();
            browser.roundTrip();
            EndpointDialog dialog = view.dialog;
            browser.test(dialog.events).selectItem(WebhookEvent.DOCUMENT_READY.type() + " · " + WebhookEvent.DOCUMENT_READY.description());

            for (String hostile : List.of("file:///etc/passwd", "javascript:alert(1)", "http://169.254.169.254/latest/meta-data/",
                    "http://127.0.0.1:8080/hooks")) {
                browser.test(dialog.url).setValue(hostile);
                browser.test(dialog.save).click();
                assertThat(dialog.url.isInvalid()).as(hostile).isTrue();
                assertThat(dialog.url.getErrorMessage()).as(hostile).isNotBlank();
                assertThat(dialog.isOpened()).isTrue();
            }
            assertThat(count(owner, "SELECT count(*) FROM webhook_endpoints")).isZero();

            String url = receiver.origin() + "/parley";
            browser.test(dialog.url).setValue(url);
            browser.test(dialog.save).click();
            assertThat(dialog.url.isInvalid()).isFalse();
            assertThat(view.shown.secret.getText()).startsWith("whsec_");
            assertThat(browser.test(view.endpoints).size()).isEqualTo(1);
            assertThat(browser.test(view.endpoints).getRow(0).events()).containsExactly(WebhookEvent.DOCUMENT_READY);

            view.sendTest(browser.test(view.endpoints).getRow(0));
            assertThat(view.log.isVisible()).isTrue();
            assertThat(view.log.title.getText()).isEqualTo("Deliveries to " + url);
            UUID endpoint = browser.test(view.endpoints).getRow(0).id();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (as(owner, () -> webhooks.deliveries(endpoint, 0, 1)).stream().noneMatch(d -> d.status().equals("DELIVERED"))) {
                assertThat(Instant.now()).isBefore(deadline);
                Thread.sleep(50);
            }
            browser.test(view.log.refresh).click();
            assertThat(browser.test(view.log.deliveries).size()).isEqualTo(1);
            assertThat(browser.test(view.log.deliveries).getRow(0).eventType()).isEqualTo("webhook.test");
            assertThat(browser.test(view.log.deliveries).getRow(0).lastStatusCode()).isEqualTo(204);
            assertThat(browser.test(view.log.deliveries).getCellText(0, 2)).isEqualTo("1");
            assertThat(browser.test(view.log.deliveries).getCellText(0, 3)).isEqualTo("Delivered (204)");
        }
    }

    @Test
    void deletingAnEndpointAsksFirst() {
        ParleyPrincipal owner = newWorkspace("Hooks Co");
        as(owner, () -> webhooks.create(new dev.parley.webhooks.Webhooks.EndpointInput("http://127.0.0.1:9/hook", "CRM",
                Set.of(WebhookEvent.CONVERSATION_CREATED), false)));
        BrowserlessUIContext browser = window(owner);
        WebhooksView view = browser.navigate(WebhooksView.class);
        HorizontalLayout actions = (HorizontalLayout) browser.test(view.endpoints).getCellComponent(0, 2);

        browser.test((Button) actions.getComponentAt(3)).click();
        browser.test(browser.find(ConfirmDialog.class).single()).cancel();
        assertThat(as(owner, webhooks::endpoints)).hasSize(1);
        browser.test((Button) actions.getComponentAt(3)).click();
        browser.test(browser.find(ConfirmDialog.class).last()).confirm();

        assertThat(as(owner, webhooks::endpoints)).isEmpty();
        assertThat(view.empty.isVisible()).isTrue();
    }

    @Test
    void theAuditLogListsNewestFirstAndFilters() {
        ParleyPrincipal owner = newWorkspace("Audit Co");
        ParleyPrincipal admin = newMember(owner, Role.ADMIN);
        var first = as(owner, () -> apiKeys.create("First", Set.of(ApiScope.CHAT)));
        as(admin, () -> apiKeys.create("Second", Set.of(ApiScope.KNOWLEDGE_READ)));
        as(owner, () -> {
            apiKeys.revoke(first.key().id());
            return null;
        });
        BrowserlessUIContext browser = window(owner);
        AuditLogView view = browser.navigate(AuditLogView.class);

        int all = browser.test(view.entries).size();
        assertThat(all).isGreaterThanOrEqualTo(3);
        assertThat(browser.test(view.entries).getRow(0).action()).isEqualTo("api_key.revoked");
        assertThat(browser.test(view.entries).getCellText(0, 2)).isEqualTo(owner.email());

        browser.test(view.action).selectItem("api_key.created");
        assertThat(browser.test(view.entries).size()).isEqualTo(2);
        assertThat(browser.test(view.entries).getRow(0).target()).isNotBlank();
        browser.test(view.actor).setValue(admin.email().substring(0, 10).toUpperCase());
        assertThat(browser.test(view.entries).size()).isEqualTo(1);
        assertThat(browser.test(view.entries).getRow(0).details()).isEqualTo("Second");

        browser.test(view.clear).click();
        assertThat(browser.test(view.entries).size()).isEqualTo(all);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        browser.test(view.from).setValue(today.plusDays(1));
        assertThat(browser.test(view.entries).size()).isZero();
        browser.test(view.from).setValue(today);
        browser.test(view.to).setValue(today.minusDays(1));
        assertThat(view.to.isInvalid()).isTrue();
        assertThat(view.to.getErrorMessage()).isEqualTo("The end date is before the start date.");
        assertThat(browser.test(view.entries).size()).isZero();
        browser.test(view.to).setValue(today);
        assertThat(view.to.isInvalid()).isFalse();
        assertThat(browser.test(view.entries).size()).isEqualTo(all);
    }

    @Test
    void supportAndEditorSeeNoIntegrationsAndCannotOpenThemByAddress() {
        ParleyPrincipal owner = newWorkspace("Roles Co");
        for (Role role : List.of(Role.SUPPORT, Role.EDITOR)) {
            BrowserlessUIContext browser = window(newMember(owner, role));
            assertThat(navigationLabels(browser)).as(role.name()).doesNotContain("Integrations");
            for (String address : List.of("integrations/api-keys", "integrations/webhooks", "integrations/audit-log")) {
                browser.getUI().navigate(address);
                HasElement shown = browser.getCurrentView();
                assertThat(shown).as(role + " " + address).isInstanceOf(RouteNotFoundError.class);
                assertThat(browser.find(ApiKeysView.class).exists()).isFalse();
                assertThat(browser.find(WebhooksView.class).exists()).isFalse();
                assertThat(browser.find(AuditLogView.class).exists()).isFalse();
            }
        }
        BrowserlessUIContext admin = window(newMember(owner, Role.ADMIN));
        assertThat(navigationLabels(admin)).contains("Integrations");
        admin.getUI().navigate("integrations/audit-log");
        assertThat(admin.getCurrentView()).isInstanceOf(AuditLogView.class);
    }

    private static List<String> navigationLabels(BrowserlessUIContext browser) {
        return browser.find(SideNav.class).single().getItems().stream().map(SideNavItem::getLabel).toList();
    }

    private long count(ParleyPrincipal owner, String sql) {
        Long n = inTenant(owner, jdbc -> jdbc.sql(sql).query(Long.class).single());
        return n;
    }

    private List<String> storedSecretHashes(ParleyPrincipal owner) {
        return inTenant(owner, jdbc -> jdbc.sql("SELECT secret_hash FROM api_keys").query(String.class).list());
    }

    private Timestamp lastUsed(ParleyPrincipal owner) {
        return inTenant(owner, jdbc -> jdbc.sql("SELECT last_used_at FROM api_keys").query(Timestamp.class).single());
    }
}
