package dev.parley.console.bots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.tenancy.BotSettings;
import dev.parley.tenancy.InvalidInputException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the Allowed sites textarea cannot send (it splits lines), checked where the rule lives:
 * entries end up in a Content-Security-Policy header, so nothing may smuggle a second source in.
 */
class AllowedOriginsRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://a.com\nhttps://b.com", "https://a.com\r\nscript-src *", "https://a.com, https://b.com",
            "https://a.com,https://b.com", "https://a.com https://b.com", "https://a.com\thttps://b.com", "https://a.com'",
            "https://a.com\"", "https://a .com"})
    void rejectsSeparatorsInsideOneEntry(String entry) {
        BotSettings settings = withOrigins(entry);
        assertThatThrownBy(settings::validated)
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fieldErrors())
                        .containsOnlyKeys("allowedOrigins")
                        .hasEntrySatisfying("allowedOrigins", (String message) -> assertThat(message)
                                .contains("must not contain spaces").doesNotContain("\n").doesNotContain("\r")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://www.example.com", "http://localhost:8081", "https://*.example.com"})
    void keepsPlainOrigins(String entry) {
        assertThat(withOrigins(" " + entry + "/ ").validated().allowedOrigins()).containsExactly(entry);
    }

    private static BotSettings withOrigins(String entry) {
        BotSettings d = BotSettings.defaults("Bot");
        return new BotSettings(d.name(), d.persona(), d.welcomeMessage(), d.starterQuestions(), d.color(), d.position(),
                d.language(), List.of(entry), d.theme());
    }
}
