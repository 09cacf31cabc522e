package dev.parley.console.bots;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.BrowserlessUIContext;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import dev.parley.console.ConsoleTest;
import dev.parley.tenancy.Bot;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.BotSettings;
import dev.parley.tenancy.ParleyPrincipal;
import dev.parley.widget.WidgetInstallations;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

class EmbedViewTest extends ConsoleTest {

    @Autowired BotService bots;
    @Autowired WidgetInstallations installations;

    @Test
    void showsTheSnippetWithThePublicAddressTheCopyTextAndTheTestPage() {
        ParleyPrincipal owner = newWorkspace("Embed Co");
        Bot bot = bot(owner, List.of("https://www.example.com"));
        BrowserlessUIContext browser = window(owner);
        EmbedView view = open(browser, bot.id());

        String expected = "<script src=\"" + installations.publicUrl() + "/embed.js\" data-bot=\"" + bot.publicKey() + "\" async></script>";
        assertThat(view.snippet.getText()).isEqualTo(expected);
        assertThat(view.copy.getElement().getAttribute("data-snippet")).isEqualTo(expected);
        assertThat(view.testPage.getHref()).isEqualTo("/bot-test/" + bot.id());
        assertThat(view.title.getText()).isEqualTo("Embed helper");
        assertThat(browser.find(BotTabs.class).single().getSelectedTab().getElement().getTextRecursively()).isEqualTo("Embed & install");
        assertThat(text(view.sites)).contains("https://www.example.com").contains("Not seen yet");
        assertThat(text(view.seen)).contains("Not seen on any site yet");
        assertThat(view.blocked.isVisible()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://shop.example.com/checkout | must be an origin only, without path",
            "javascript:alert(1)               | must start with https://",
            "https://*.com                     | wildcard must stand before a domain with at least two parts",
            "https://shop.*.example.com        | the only wildcard allowed is a leading *.",
            "*                                 | must start with https://",
            "https://a.com;script-src *        | must not contain spaces",
            "data:text/html,<b>x</b>           | must not contain spaces, line breaks, quotes, commas"})
    void aSiteThatIsNotAPlainOriginIsRefusedNextToTheFieldAndNothingChanges(String entry, String why) {
        ParleyPrincipal owner = newWorkspace("Embed Co");
        Bot bot = bot(owner, List.of("https://www.example.com"));
        BrowserlessUIContext browser = window(owner);
        EmbedView view = open(browser, bot.id());

        browser.test(view.newSite).setValue(entry);
        browser.test(view.addSite).click();

        assertThat(view.newSite.isInvalid()).isTrue();
        assertThat(view.newSite.getErrorMessage()).contains("'" + entry + "'").contains(why);
        assertThat(view.newSite.getValue()).as("the typed text stays to be fixed").isEqualTo(entry);
        assertThat(storedOrigins(owner, bot.id())).isEqualTo("{https://www.example.com}");
        assertThat(text(view.sites)).contains("https://www.example.com").doesNotContain(entry);
    }

    @Test
    void addsANormalisedSiteRefusesADuplicateAndRemovesOnlyAfterConfirmation() {
        ParleyPrincipal owner = newWorkspace("Embed Co");
        Bot bot = bot(owner, List.of("https://www.example.com"));
        BrowserlessUIContext browser = window(owner);
        EmbedView view = open(browser, bot.id());

        browser.test(view.newSite).setValue("  https://Shop.Example.com/  ");
        browser.test(view.addSite).click();
        assertThat(view.newSite.isInvalid()).isFalse();
        assertThat(view.newSite.getValue()).isEmpty();
        assertThat(storedOrigins(owner, bot.id())).isEqualTo("{https://www.example.com,https://shop.example.com}");

        browser.test(view.newSite).setValue("https://shop.example.com");
        assertThat(view.newSite.isInvalid()).as("checked as soon as it is typed").isTrue();
        assertThat(view.newSite.getErrorMessage()).isEqualTo("https://shop.example.com is already in the list.");
        browser.test(view.addSite).click();
        assertThat(storedOrigins(owner, bot.id())).isEqualTo("{https://www.example.com,https://shop.example.com}");

        browser.test(view.newSite).setValue("");
        browser.test(view.addSite).click();
        assertThat(view.newSite.getErrorMessage()).contains("Type a site's address");

        browser.test(removeButton(browser, "https://www.example.com")).click();
        ConfirmDialog confirm = browser.find(ConfirmDialog.class).single();
        assertThat(browser.test(confirm).getHeader()).isEqualTo("Remove https://www.example.com?");
        browser.test(confirm).cancel();
        assertThat(storedOrigins(owner, bot.id())).isEqualTo("{https://www.example.com,https://shop.example.com}");

        browser.test(removeButton(browser, "https://www.example.com")).click();
        browser.test(browser.find(ConfirmDialog.class).single()).confirm();
        assertThat(storedOrigins(owner, bot.id())).isEqualTo("{https://shop.example.com}");
        assertThat(text(view.sites)).doesNotContain("https://www.example.com");
    }

    @Test
    void theInstallCheckShowsWhereTheWidgetWasSeenAndLetsARefusedSiteBeAllowed() {
        ParleyPrincipal owner = newWorkspace("Embed Co");
        Bot bot = bot(owner, List.of("https://www.example.com", "https://*.shop.example"));
        inTenant(owner, jdbc -> jdbc.sql("""
                INSERT INTO widget_sightings (tenant_id, id, bot_id, origin, last_allowed_at, last_denied_at) VALUES
                  (?, gen_random_uuid(), ?, 'https://www.example.com', now() - interval '150 seconds', null),
                  (?, gen_random_uuid(), ?, 'https://eu.shop.example', now() - interval '3 hours', null),
                  (?, gen_random_uuid(), ?, 'https://staging.example.net', null, now() - interval '10 minutes')""")
                .params(owner.tenant().value(), bot.id(), owner.tenant().value(), bot.id(), owner.tenant().value(), bot.id())
                .update());
        BrowserlessUIContext browser = window(owner);
        EmbedView view = open(browser, bot.id());

        assertThat(text(view.seen)).contains("Seen on https://www.example.com 2 minutes ago")
                .contains("Seen on https://eu.shop.example 3 hours ago");
        assertThat(text(view.sites)).contains("Seen 2 minutes ago").contains("Seen 3 hours ago");
        assertThat(view.blocked.isVisible()).isTrue();
        assertThat(text(view.blocked)).contains("Refused on https://staging.example.net 10 minutes ago");

        Button allow = browser.find(Button.class).withCondition(b -> "Allow https://staging.example.net".equals(b.getAriaLabel().orElse(null)))
                .single();
        browser.test(allow).click();
        assertThat(storedOrigins(owner, bot.id())).isEqualTo("{https://www.example.com,https://*.shop.example,https://staging.example.net}");
        assertThat(view.blocked.isVisible()).as("allowed now: no longer listed as refused").isFalse();

        // another workspace's embed page of its own bot shows none of this
        ParleyPrincipal stranger = newWorkspace("Other Co");
        Bot theirs = bot(stranger, List.of());
        EmbedView other = open(window(stranger), theirs.id());
        assertThat(text(other.seen)).contains("Not seen on any site yet").doesNotContain("example.com");
    }

    @Test
    void anotherWorkspacesBotOrAMadeUpIdIsNotFound() {
        ParleyPrincipal owner = newWorkspace("Embed Co");
        Bot bot = bot(owner, List.of());
        BrowserlessUIContext stranger = window(newWorkspace("Other Co"));
        for (String id : List.of(bot.id().toString(), UUID.randomUUID().toString(), "not-a-uuid")) {
            stranger.getUI().navigate("bots/" + id + "/embed");
            assertThat(stranger.find(EmbedView.class).exists()).as(id).isFalse();
        }
    }

    private Bot bot(ParleyPrincipal owner, List<String> origins) {
        BotSettings d = BotSettings.defaults("Embed helper");
        return as(owner, () -> bots.create(new BotSettings(d.name(), d.persona(), d.welcomeMessage(), d.starterQuestions(), d.color(),
                d.position(), d.language(), origins, d.theme())));
    }

    static EmbedView open(BrowserlessUIContext browser, UUID botId) {
        return browser.navigate(EmbedView.class, Map.of("botId", botId.toString()));
    }

    private static Button removeButton(BrowserlessUIContext browser, String origin) {
        return browser.find(Button.class).withCondition(b -> ("Remove " + origin).equals(b.getAriaLabel().orElse(null))).single();
    }

    static String text(Component component) {
        return component.getElement().getTextRecursively();
    }

    private String storedOrigins(ParleyPrincipal owner, UUID id) {
        return inTenant(owner, jdbc -> jdbc.sql("SELECT allowed_origins::text FROM bots WHERE id = ?").param(id).query(String.class).single());
    }
}
