package dev.parley.console.bots;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.BrowserlessUIContext;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import dev.parley.console.ConsoleTest;
import dev.parley.tenancy.ParleyPrincipal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class BotSettingsViewTest extends ConsoleTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://a.com/path", "https://a.com;script-src *", "https://a .com", "javascript:alert(1)",
            "ftp://a.com", "data:text/html,<script>alert(1)</script>", "https://a.*.com", "*", "https://*", "http://*.com"})
    void rejectsAnAllowedSiteThatIsNotAPlainOrigin(String entry) {
        ParleyPrincipal owner = newWorkspace("Origins Co");
        BrowserlessUIContext browser = window(owner);
        BotSettingsView view = open(browser, "new");
        browser.test(view.name).setValue("Helper");
        browser.test(view.allowedOrigins).setValue("https://ok.example.com\n" + entry);

        browser.test(view.save).click();

        assertThat(view.allowedOrigins.isInvalid()).isTrue();
        assertThat(view.allowedOrigins.getErrorMessage()).contains("'" + entry.replace("\n", "⏎"));
        assertThat(view.name.isInvalid()).isFalse();
        assertThat(botCount(owner)).isZero();
        assertThat(view.title.getText()).isEqualTo("New bot");
    }

    @Test
    void invalidSiteOnAnExistingBotChangesNothing() {
        ParleyPrincipal owner = newWorkspace("Origins Co");
        BrowserlessUIContext browser = window(owner);
        BotSettingsView view = open(browser, "new");
        browser.test(view.name).setValue("Keeper");
        browser.test(view.allowedOrigins).setValue("https://www.example.com");
        browser.test(view.save).click();
        UUID id = onlyBotId(owner);

        browser = window(owner);
        BotSettingsView edit = open(browser, id.toString());
        browser.test(edit.name).setValue("Renamed");
        browser.test(edit.allowedOrigins).setValue("https://www.example.com\nhttps://evil.com/steal");
        browser.test(edit.save).click();

        assertThat(edit.allowedOrigins.getErrorMessage()).contains("'https://evil.com/steal'").contains("origin only");
        assertThat(storedNameAndOrigins(owner, id)).isEqualTo(Map.of("name", "Keeper", "origins", "{https://www.example.com}"));
    }

    @Test
    void savesPlainOriginsPortsAndLeadingWildcards() {
        ParleyPrincipal owner = newWorkspace("Origins Co");
        BrowserlessUIContext browser = window(owner);
        BotSettingsView view = open(browser, "new");
        browser.test(view.name).setValue("Helper");
        browser.test(view.allowedOrigins).setValue("https://www.example.com\n  http://localhost:8081  \n\nhttps://*.Example.com/");

        browser.test(view.save).click();

        assertThat(view.allowedOrigins.isInvalid()).isFalse();
        assertThat(view.formError.isVisible()).isFalse();
        UUID id = onlyBotId(owner);
        assertThat(storedNameAndOrigins(owner, id)).isEqualTo(Map.of("name", "Helper",
                "origins", "{https://www.example.com,http://localhost:8081,https://*.example.com}"));
        assertThat(view.allowedOrigins.getValue()).isEqualTo("https://www.example.com\nhttp://localhost:8081\nhttps://*.example.com");
        assertThat(view.publicKey.getValue()).startsWith("pk_");
    }

    @Test
    void emptyNameAndBadColourAreShownNextToTheirFields() {
        ParleyPrincipal owner = newWorkspace("Fields Co");
        BrowserlessUIContext browser = window(owner);
        BotSettingsView view = open(browser, "new");
        browser.test(view.name).setValue("   ");
        browser.test(view.color).setValue("blue");
        browser.test(view.allowedOrigins).setValue("https://www.example.com");

        browser.test(view.save).click();

        assertThat(view.name.isInvalid()).isTrue();
        assertThat(view.name.getErrorMessage()).isEqualTo("Give the bot a name.");
        assertThat(view.color.isInvalid()).isTrue();
        assertThat(view.color.getErrorMessage()).contains("#4f46e5");
        assertThat(view.allowedOrigins.isInvalid()).isFalse();
        assertThat(botCount(owner)).isZero();

        // Fixing both clears both messages and saves.
        browser.test(view.name).setValue("Fixed");
        browser.test(view.color).setValue("#0F766E");
        browser.test(view.save).click();
        assertThat(view.name.isInvalid()).isFalse();
        assertThat(view.color.isInvalid()).isFalse();
        String stored = inTenant(owner, jdbc -> jdbc.sql("SELECT color FROM bots").query(String.class).single());
        assertThat(stored).isEqualTo("#0f766e");
    }

    @Test
    void createEditAndDeleteWithConfirmation() {
        ParleyPrincipal owner = newWorkspace("Lifecycle Co");
        BrowserlessUIContext browser = window(owner);
        BotsView list = browser.navigate(BotsView.class);
        assertThat(list.grid.isVisible()).isFalse();
        browser.test(list.newBot).click();
        BotSettingsView view = (BotSettingsView) browser.getCurrentView();
        assertThat(view.delete.isVisible()).isFalse();
        browser.test(view.name).setValue("Support bot");
        browser.test(view.allowedOrigins).setValue("https://www.example.com");
        browser.test(view.save).click();
        UUID id = onlyBotId(owner);
        assertThat(view.title.getText()).isEqualTo("Support bot");
        assertThat(view.delete.isVisible()).isTrue();

        BotSettingsView edit = open(browser, id.toString());
        assertThat(edit.name.getValue()).isEqualTo("Support bot");
        browser.test(edit.name).setValue("Sales bot");
        browser.test(edit.welcome).setValue("Hello from sales!");
        browser.test(edit.save).click();
        String stored = inTenant(owner, jdbc -> jdbc.sql("SELECT name || '|' || welcome_message FROM bots WHERE id = ?")
                .param(id).query(String.class).single());
        assertThat(stored).isEqualTo("Sales bot|Hello from sales!");

        browser.test(edit.delete).click();
        ConfirmDialog confirm = browser.find(ConfirmDialog.class).single();
        assertThat(browser.test(confirm).getHeader()).isEqualTo("Delete Sales bot?");
        browser.test(confirm).cancel();
        assertThat(botCount(owner)).isEqualTo(1);

        browser.test(edit.delete).click();
        browser.test(browser.find(ConfirmDialog.class).single()).confirm();
        assertThat(botCount(owner)).isZero();
        assertThat(browser.getCurrentView()).isInstanceOf(BotsView.class);
    }

    @Test
    void thePreviewGetsTheSettingsAsTypedBeforeTheyAreSaved() {
        ParleyPrincipal owner = newWorkspace("Preview Co");
        BrowserlessUIContext browser = window(owner);
        BotSettingsView created = open(browser, "new");
        assertThat(created.preview.isVisible()).isFalse();
        assertThat(created.previewPlaceholder.isVisible()).isTrue();
        browser.test(created.name).setValue("Previewed");
        browser.test(created.save).click();
        UUID id = onlyBotId(owner);
        assertThat(created.preview.isVisible()).as("shown once the bot exists").isTrue();
        assertThat(created.preview.getSrc()).isEqualTo("/bot-preview/" + id);

        BotSettingsView view = open(browser, id.toString());
        assertThat(browser.find(BotTabs.class).single().getSelectedTab().getElement().getTextRecursively()).isEqualTo("Settings");
        JsonNode draft = draft(view);
        assertThat(draft.get("name").asString()).isEqualTo("Previewed");
        assertThat(draft.get("color").asString()).isEqualTo("#4f46e5");
        assertThat(draft.get("open").asBoolean()).isTrue();

        browser.test(view.color).setValue("#0F766E");
        browser.test(view.name).setValue("Draft name");
        browser.test(view.welcome).setValue("Draft welcome");
        browser.test(view.starterQuestions).setValue("One?\n\nTwo?\nThree?\nFour?\nFive?");
        browser.test(view.position).selectItem("Bottom left");
        draft = draft(view);
        assertThat(draft.get("color").asString()).isEqualTo("#0f766e");
        assertThat(draft.get("name").asString()).isEqualTo("Draft name");
        assertThat(draft.get("welcomeMessage").asString()).isEqualTo("Draft welcome");
        assertThat(draft.get("starterQuestions").values().stream().map(JsonNode::asString).toList())
                .containsExactly("One?", "Two?", "Three?", "Four?");
        assertThat(draft.get("position").asString()).isEqualTo("left");

        // half-typed or invalid values keep the last valid one in the preview
        browser.test(view.color).setValue("blue");
        browser.test(view.name).setValue("  ");
        assertThat(draft(view).get("color").asString()).isEqualTo("#0f766e");
        assertThat(draft(view).get("name").asString()).isEqualTo("Previewed");

        browser.test(view.previewState).selectItem(BotSettingsView.LAUNCHER_ONLY);
        assertThat(draft(view).get("open").asBoolean()).isFalse();
        assertThat(storedNameAndOrigins(owner, id).get("name")).as("nothing saved yet").isEqualTo("Previewed");
        String storedColor = inTenant(owner, jdbc -> jdbc.sql("SELECT color FROM bots").query(String.class).single());
        assertThat(storedColor).isEqualTo("#4f46e5");
    }

    private static JsonNode draft(BotSettingsView view) {
        return JsonMapper.builder().build().readTree(view.preview.getElement().getAttribute("data-preview"));
    }

    private static BotSettingsView open(BrowserlessUIContext browser, String botId) {
        return browser.navigate(BotSettingsView.class, Map.of("botId", botId));
    }

    private long botCount(ParleyPrincipal owner) {
        return inTenant(owner, jdbc -> jdbc.sql("SELECT count(*) FROM bots").query(Long.class).single());
    }

    private UUID onlyBotId(ParleyPrincipal owner) {
        List<UUID> ids = inTenant(owner, jdbc -> jdbc.sql("SELECT id FROM bots").query(UUID.class).list());
        assertThat(ids).hasSize(1);
        return ids.getFirst();
    }

    private Map<String, String> storedNameAndOrigins(ParleyPrincipal owner, UUID id) {
        return inTenant(owner, jdbc -> jdbc.sql("SELECT name, allowed_origins::text FROM bots WHERE id = ?").param(id)
                .query((rs, n) -> Map.of("name", rs.getString(1), "origins", rs.getString(2))).single());
    }
}
