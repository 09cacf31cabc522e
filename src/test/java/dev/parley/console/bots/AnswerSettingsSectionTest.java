package dev.parley.console.bots;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.BrowserlessUIContext;
import dev.parley.console.ConsoleTest;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.ParleyPrincipal;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class AnswerSettingsSectionTest extends ConsoleTest {

    @Autowired BotService bots;

    @Test
    void savesWordingCapAndEndpointAndNeverShowsTheKeyAgain() {
        ParleyPrincipal owner = newWorkspace("Answers Co");
        BrowserlessUIContext browser = window(owner);
        BotSettingsView created = browser.navigate(BotSettingsView.class, Map.of("botId", "new"));
        assertThat(created.answers.isVisible()).as("only for a saved bot").isFalse();
        browser.test(created.name).setValue("Helper");
        browser.test(created.save).click();
        UUID id = as(owner, () -> bots.list().getFirst().id());

        BotSettingsView view = browser.navigate(BotSettingsView.class, Map.of("botId", id.toString()));
        AnswerSettingsSection answers = view.answers;
        browser.test(answers.unansweredMessage).setValue("Hmm, that one I don't know.");
        browser.test(answers.handoffLine).setValue("Mail help@example.com.");
        browser.test(answers.maxMessagesPerDay).setValue(500);
        browser.test(answers.llmBaseUrl).setValue("http://localhost:11434/v1");
        browser.test(answers.llmModel).setValue("llama3.2");
        browser.test(answers.llmApiKey).setValue("sk-very-secret");
        browser.test(answers.save).click();

        assertThat(answers.llmApiKey.getValue()).isEmpty();
        assertThat(answers.llmApiKey.getPlaceholder()).contains("A key is stored");
        assertThat(answers.mode.getText()).contains("llama3.2").contains("http://localhost:11434/v1");
        as(owner, () -> {
            var stored = bots.answerSettings(id).orElseThrow();
            assertThat(stored.unansweredMessage()).isEqualTo("Hmm, that one I don't know.");
            assertThat(stored.maxMessagesPerDay()).isEqualTo(500);
            assertThat(bots.llmApiKey(id)).contains("sk-very-secret");
            return null;
        });

        // Saving again without typing a key keeps it; ticking "remove" removes it.
        browser.test(answers.save).click();
        assertThat(as(owner, () -> bots.llmApiKey(id))).contains("sk-very-secret");
        browser.test(answers.removeKey).click();
        browser.test(answers.save).click();
        assertThat(as(owner, () -> bots.hasLlmApiKey(id))).isFalse();
    }

    @Test
    void anEndpointThatIsNotHttpIsShownNextToItsFieldAndNothingIsSaved() {
        ParleyPrincipal owner = newWorkspace("Answers Co");
        BrowserlessUIContext browser = window(owner);
        BotSettingsView created = browser.navigate(BotSettingsView.class, Map.of("botId", "new"));
        browser.test(created.name).setValue("Helper");
        browser.test(created.save).click();
        UUID id = as(owner, () -> bots.list().getFirst().id());
        BotSettingsView view = browser.navigate(BotSettingsView.class, Map.of("botId", id.toString()));

        browser.test(view.answers.llmBaseUrl).setValue("file:///etc/passwd");
        browser.test(view.answers.llmMaxTokens).setValue(5);
        browser.test(view.answers.unansweredMessage).setValue("changed");
        browser.test(view.answers.save).click();

        assertThat(view.answers.llmBaseUrl.isInvalid()).isTrue();
        assertThat(view.answers.llmBaseUrl.getErrorMessage()).contains("http(s)");
        assertThat(view.answers.llmMaxTokens.getErrorMessage()).isEqualTo("Between 16 and 8,192.");
        assertThat(as(owner, () -> bots.answerSettings(id).orElseThrow().unansweredMessage())).isEmpty();
    }
}
