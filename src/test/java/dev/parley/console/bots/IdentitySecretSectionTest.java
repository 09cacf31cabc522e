package dev.parley.console.bots;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.BrowserlessUIContext;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import dev.parley.console.ConsoleTest;
import dev.parley.platform.OwnerDatabase;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.ParleyPrincipal;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

class IdentitySecretSectionTest extends ConsoleTest {

    @Autowired BotService bots;
    @Autowired ApplicationContext spring;

    @Test
    void theSecretIsShownOnceRegeneratedOnlyAfterConfirmingAndStoredSealed() {
        ParleyPrincipal owner = newWorkspace("Identity Co");
        BrowserlessUIContext browser = window(owner);
        BotSettingsView created = browser.navigate(BotSettingsView.class, Map.of("botId", "new"));
        assertThat(created.identity.isVisible()).as("only for a saved bot").isFalse();
        browser.test(created.name).setValue("Helper");
        browser.test(created.save).click();
        UUID id = as(owner, () -> bots.list().getFirst().id());

        IdentitySecretSection section = browser.navigate(BotSettingsView.class, Map.of("botId", id.toString())).identity;
        assertThat(section.state.getText()).contains("No identity secret yet");
        assertThat(section.remove.isVisible()).isFalse();
        assertThat(section.sample.getText()).contains("algorithm: 'HS256'").contains("Parley.identify(");
        browser.test(section.generate).click();
        String shown = section.secret.getValue();
        assertThat(shown).startsWith("pvs_").hasSizeGreaterThan(40);
        assertThat(section.secret.isVisible()).isTrue();
        assertThat(as(owner, () -> bots.identitySecret(id))).contains(shown);
        String stored = OwnerDatabase.jdbc(spring).sql("SELECT identity_secret_sealed FROM bots WHERE id = ?").param(id).query(String.class).single();
        assertThat(stored).as("sealed, not the secret").startsWith("v1:").doesNotContain(shown);

        // Coming back: never shown again.
        section = browser.navigate(BotSettingsView.class, Map.of("botId", id.toString())).identity;
        assertThat(section.secret.isVisible()).isFalse();
        assertThat(section.secret.getValue()).isEmpty();
        assertThat(section.state.getText()).contains("An identity secret is set");
        assertThat(section.generate.getText()).isEqualTo("Regenerate secret");

        // Regenerating asks first; cancelling keeps the old one.
        browser.test(section.generate).click();
        browser.test(browser.find(ConfirmDialog.class).single()).cancel();
        assertThat(as(owner, () -> bots.identitySecret(id))).contains(shown);
        browser.test(section.generate).click();
        browser.test(browser.find(ConfirmDialog.class).single()).confirm();
        assertThat(section.secret.getValue()).startsWith("pvs_").isNotEqualTo(shown);
        assertThat(as(owner, () -> bots.identitySecret(id))).contains(section.secret.getValue());

        browser.test(section.remove).click();
        browser.test(browser.find(ConfirmDialog.class).single()).confirm();
        assertThat(as(owner, () -> bots.hasIdentitySecret(id))).isFalse();
        assertThat(section.state.getText()).contains("No identity secret yet");
    }
}
