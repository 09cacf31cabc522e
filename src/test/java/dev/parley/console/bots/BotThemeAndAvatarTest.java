package dev.parley.console.bots;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.BrowserlessUIContext;
import dev.parley.console.ConsoleTest;
import dev.parley.tenancy.AvatarImages;
import dev.parley.tenancy.BotSettings;
import dev.parley.tenancy.ParleyPrincipal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Theme and avatar in the bot settings: saved, previewed, and every hostile upload refused without a trace. */
class BotThemeAndAvatarTest extends ConsoleTest {

    @Test
    void theThemeShowsInThePreviewAtOnceAndIsStoredOnSave() {
        ParleyPrincipal owner = newWorkspace("Theme Co");
        BrowserlessUIContext browser = window(owner);
        BotSettingsView view = createBot(browser, "Night owl");
        UUID id = onlyBotId(owner);
        assertThat(view.theme.getValue()).isEqualTo(BotSettings.Theme.AUTO);
        assertThat(Arrays.stream(BotSettings.Theme.values()).map(BotSettingsView::themeLabel)).containsExactly("Automatic", "Light", "Dark");

        browser.test(view.theme).selectItem("Dark");
        assertThat(draft(view).get("theme").asString()).as("previewed before saving").isEqualTo("dark");
        assertThat(stored(owner, id, "theme")).isEqualTo("auto");

        browser.test(view.save).click();
        assertThat(stored(owner, id, "theme")).isEqualTo("dark");
        BotSettingsView again = open(window(owner), id.toString());
        assertThat(again.theme.getValue()).isEqualTo(BotSettings.Theme.DARK);
        assertThat(draft(again).get("theme").asString()).isEqualTo("dark");
    }

    @Test
    void anAvatarIsJudgedByItsContentShownAtOnceInThePreviewAndRemoved() {
        ParleyPrincipal owner = newWorkspace("Avatar Co");
        BrowserlessUIContext browser = window(owner);
        BotSettingsView view = createBot(browser, "Helper");
        UUID id = onlyBotId(owner);
        AvatarField avatar = view.avatar;
        assertThat(avatar.initial.isVisible()).isTrue();
        assertThat(avatar.initial.getText()).isEqualTo("H");
        assertThat(avatar.initial.getStyle().get("color")).as("white on the default indigo").isEqualTo("#ffffff");
        assertThat(AvatarField.textOn("#fde047")).as("dark on yellow").isEqualTo("#1f2026");
        assertThat(avatar.remove.isVisible()).isFalse();
        assertThat(draft(view).get("avatarUrl").isNull()).isTrue();

        // a PNG named .jpg with a vague type: the content decides
        browser.test(avatar.upload).upload("portrait.jpg", "application/octet-stream", AvatarImages.png(900, 600));

        assertThat(avatar.error.isVisible()).isFalse();
        assertThat(avatar.image.isVisible()).isTrue();
        assertThat(avatar.image.getSrc()).startsWith("data:image/png;base64,");
        assertThat(avatar.remove.isVisible()).isTrue();
        String version = stored(owner, id, "avatar_version");
        assertThat(version).matches("[0-9a-f]{16}");
        assertThat(draft(view).get("avatarUrl").asString()).endsWith("?v=" + version).contains("/api/v1/widget/avatar/pk_");
        Integer bytes = inTenant(owner, jdbc -> jdbc.sql("SELECT octet_length(avatar) FROM bots").query(Integer.class).single());
        assertThat(bytes).isBetween(100, 64 * 1024);

        browser.test(avatar.remove).click();
        assertThat(avatar.image.isVisible()).isFalse();
        assertThat(avatar.initial.isVisible()).isTrue();
        assertThat(stored(owner, id, "avatar_version")).isNull();
        Boolean noImage = inTenant(owner, jdbc -> jdbc.sql("SELECT avatar IS NULL FROM bots").query(Boolean.class).single());
        assertThat(noImage).isTrue();
        assertThat(draft(view).get("avatarUrl").isNull()).isTrue();
    }

    static Stream<Arguments> hostileUploads() {
        return Stream.of(
                Arguments.of("logo.svg", "image/svg+xml", AvatarImages.svg(), "PNG or JPEG"),
                Arguments.of("logo.png", "image/png", AvatarImages.svg(), "PNG or JPEG"),
                Arguments.of("page.png", "image/png", AvatarImages.html(), "PNG or JPEG"),
                Arguments.of("avatar.png", "image/png", AvatarImages.textNamedPng(), "PNG or JPEG"),
                Arguments.of("cut.png", "image/png", AvatarImages.truncatedPng(), "damaged or incomplete"),
                Arguments.of("bomb.png", "image/png", AvatarImages.pngClaiming(30_000, 30_000), "4096 × 4096"),
                Arguments.of("huge.png", "image/png", AvatarImages.overOneMegabyte(), "larger than 1 MB"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileUploads")
    void aHostileUploadIsRefusedNextToTheUploadAndTheOldAvatarAndSettingsStay(String name, String type, byte[] content, String message) {
        ParleyPrincipal owner = newWorkspace("Hostile Co");
        BrowserlessUIContext browser = window(owner);
        BotSettingsView view = createBot(browser, "Keeper");
        UUID id = onlyBotId(owner);
        browser.test(view.avatar.upload).upload("good.png", "image/png", AvatarImages.png(200, 200));
        Map<String, Object> before = row(owner, id);
        String previewBefore = draft(view).get("avatarUrl").asString();

        browser.test(view.avatar.upload).upload(name, type, content);

        assertThat(view.avatar.error.isVisible()).isTrue();
        assertThat(view.avatar.error.getText()).contains(message);
        assertThat(row(owner, id)).isEqualTo(before);
        assertThat(view.avatar.image.isVisible()).as("the old avatar is still shown").isTrue();
        assertThat(draft(view).get("avatarUrl").asString()).isEqualTo(previewBefore);

        // the next good upload clears the message
        browser.test(view.avatar.upload).upload("better.png", "image/png", AvatarImages.png(90, 90));
        assertThat(view.avatar.error.isVisible()).isFalse();
    }

    @Test
    void aNewBotGetsItsAvatarOnceItIsCreated() {
        BrowserlessUIContext browser = window(newWorkspace("New Co"));
        BotSettingsView view = open(browser, "new");
        assertThat(view.avatar.isVisible()).isFalse();
        assertThat(view.theme.getValue()).isEqualTo(BotSettings.Theme.AUTO);
    }

    private BotSettingsView createBot(BrowserlessUIContext browser, String name) {
        BotSettingsView view = open(browser, "new");
        browser.test(view.name).setValue(name);
        browser.test(view.allowedOrigins).setValue("https://www.example.com");
        browser.test(view.save).click();
        return view;
    }

    /** Everything the bot's row holds that a refused upload must leave alone, the image's bytes included. */
    private Map<String, Object> row(ParleyPrincipal owner, UUID id) {
        return inTenant(owner, jdbc -> jdbc.sql("SELECT name, theme, color, encode(avatar, 'hex') AS avatar, avatar_version, updated_at::text "
                + "FROM bots WHERE id = ?").param(id).query().singleRow());
    }

    private String stored(ParleyPrincipal owner, UUID id, String column) {
        return inTenant(owner, jdbc -> jdbc.sql("SELECT " + column + " FROM bots WHERE id = ?").param(id)
                .query((rs, n) -> java.util.Optional.ofNullable(rs.getString(1))).single()).orElse(null);
    }

    private UUID onlyBotId(ParleyPrincipal owner) {
        List<UUID> ids = inTenant(owner, jdbc -> jdbc.sql("SELECT id FROM bots").query(UUID.class).list());
        assertThat(ids).hasSize(1);
        return ids.getFirst();
    }

    private static JsonNode draft(BotSettingsView view) {
        return JsonMapper.builder().build().readTree(view.preview.getElement().getAttribute("data-preview"));
    }

    private static BotSettingsView open(BrowserlessUIContext browser, String botId) {
        return browser.navigate(BotSettingsView.class, Map.of("botId", botId));
    }
}
