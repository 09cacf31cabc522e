package dev.parley.console.bots;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.IFrame;
import com.vaadin.flow.data.value.ValueChangeMode;
import dev.parley.console.support.FieldErrors;
import dev.parley.tenancy.Bot;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.BotSettings;
import dev.parley.tenancy.InvalidInputException;
import dev.parley.widget.WidgetAvatars;
import jakarta.annotation.security.RolesAllowed;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * Create or edit one bot. The service validates; messages appear next to their fields. Beside the
 * form, the real widget on a Parley page (BotPages) shows the settings as they are typed, before
 * they are saved: the view writes them into the preview frame's data-preview attribute (DD-045).
 */
@Route("bots/:botId")
@PageTitle("Bot settings · Parley")
@RolesAllowed({"OWNER", "ADMIN"})
@StyleSheet("context://styles/bots.css")
public class BotSettingsView extends Div implements BeforeEnterObserver {

    static final Map<String, String> LANGUAGES = Map.of("en", "English", "de", "Deutsch", "fr", "Français", "es", "Español");

    final H2 title = new H2();
    final TextField name = new TextField("Name");
    final TextArea persona = new TextArea("Persona (system prompt)");
    final TextField welcome = new TextField("Welcome message");
    final TextArea starterQuestions = new TextArea("Starter questions");
    final TextField color = new TextField("Colour");
    final Select<BotSettings.Theme> theme = new Select<>();
    final RadioButtonGroup<BotSettings.Position> position = new RadioButtonGroup<>("Launcher position");
    final Select<String> language = new Select<>();
    final TextArea allowedOrigins = new TextArea("Allowed sites");
    final TextField publicKey = new TextField("Public widget key");
    final Button save = new Button("Save");
    final Button delete = new Button("Delete bot");
    final Div formError = new Div();
    final AnswerSettingsSection answers;
    final IdentitySecretSection identity;
    final AvatarField avatar;
    final Div tabsSlot = new Div();
    final IFrame preview = new IFrame();
    final RadioButtonGroup<String> previewState = new RadioButtonGroup<>();
    final Div previewPanel = new Div();
    final Paragraph previewPlaceholder = new Paragraph("The live preview appears here once the bot is created.");

    static final String CHAT_OPEN = "Chat open";
    static final String LAUNCHER_ONLY = "Launcher only";

    private final BotService bots;
    private final JsonMapper json;
    private final FieldErrors errors;
    private UUID botId;
    private String shownColor = BotSettings.defaults("").color();
    private String savedName = "";
    private String avatarUrl;

    public BotSettingsView(BotService bots, JsonMapper json) {
        this.bots = bots;
        this.json = json;
        this.answers = new AnswerSettingsSection(bots);
        this.identity = new IdentitySecretSection(bots);
        this.avatar = new AvatarField(bots, this::avatarChanged);
        addClassNames("parley-page", "parley-bot-page");
        persona.setHelperText("How the bot speaks and what it focuses on. It always answers from your knowledge only.");
        persona.setMaxHeight("220px");
        starterQuestions.setHelperText("One per line, up to four. Shown as buttons when a visitor opens the chat.");
        color.setHelperText("Hex colour of the launcher and header, e.g. #4f46e5. Text colour is picked for contrast.");
        position.setItems(BotSettings.Position.values());
        position.setItemLabelGenerator(p -> p == BotSettings.Position.RIGHT ? "Bottom right" : "Bottom left");
        theme.setLabel("Theme");
        theme.setItems(BotSettings.Theme.values());
        theme.setItemLabelGenerator(BotSettingsView::themeLabel);
        theme.setHelperText("Automatic follows the visitor's light or dark system setting.");
        language.setLabel("Language");
        language.setItems(List.of("en", "de", "fr", "es"));
        language.setItemLabelGenerator(LANGUAGES::get);
        allowedOrigins.setHelperText("One origin per line, e.g. https://www.example.com or https://*.example.com. "
                + "The widget loads only on these sites.");
        publicKey.setReadOnly(true);
        publicKey.setHelperText("Goes into the embed snippet. It is public by design: it only identifies the bot.");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        formError.getStyle().set("color", "var(--lumo-error-text-color)");

        errors = new FieldErrors(formError, Map.of("name", name, "persona", persona, "welcomeMessage", welcome,
                "starterQuestions", starterQuestions, "color", color, "position", position, "language", language,
                "allowedOrigins", allowedOrigins, "theme", theme));

        FormLayout form = new FormLayout(name, language, welcome, color, theme, avatar, position, publicKey, persona,
                starterQuestions, allowedOrigins);
        form.setColspan(avatar, 2);
        form.setColspan(persona, 2);
        form.setColspan(starterQuestions, 2);
        form.setColspan(allowedOrigins, 2);
        form.setColspan(welcome, 2);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("600px", 2));

        save.addClickListener(click -> save());
        delete.addClickListener(click -> confirmDelete());
        HorizontalLayout actions = new HorizontalLayout(save, delete);
        actions.addClassName("parley-actions");
        Paragraph lead = new Paragraph("Persona, look and the sites the bot may appear on.");
        lead.addClassName("parley-lead");
        Div formColumn = new Div(lead, form, formError, actions, answers, identity);
        formColumn.addClassName("parley-bot-form");
        add(title, tabsSlot, previewColumns(formColumn));

        for (var field : List.of(name, welcome, color)) field.setValueChangeMode(ValueChangeMode.LAZY);
        starterQuestions.setValueChangeMode(ValueChangeMode.LAZY);
        for (var field : List.<com.vaadin.flow.component.HasValue<?, ?>>of(name, welcome, color, starterQuestions, position, language,
                theme, previewState)) {
            field.addValueChangeListener(change -> pushPreview());
        }
    }

    private Div previewColumns(Div formColumn) {
        previewState.setItems(CHAT_OPEN, LAUNCHER_ONLY);
        previewState.setValue(CHAT_OPEN);
        previewState.setAriaLabel("Show the preview with");
        preview.setTitle("Live preview of the chat widget");
        preview.addClassName("parley-preview-frame");
        Paragraph hint = new Paragraph("Changes show here as you type; visitors see them once you save. "
                + "Below 640 px, as here, the chat fills the screen, as on a phone.");
        hint.addClassName("parley-hint");
        previewPlaceholder.addClassName("parley-hint");
        H3 heading = new H3("Live preview");
        previewPanel.add(heading, previewState, preview, hint, previewPlaceholder);
        previewPanel.addClassName("parley-preview");
        Div columns = new Div(formColumn, previewPanel);
        columns.addClassName("parley-bot-columns");
        return columns;
    }

    /** The settings as typed, for the preview page (bot-preview.js); invalid values keep the last valid one. */
    void pushPreview() {
        if (botId == null) return;
        String typedColor = color.getValue().strip().toLowerCase(Locale.ROOT);
        if (typedColor.matches("#[0-9a-f]{6}")) shownColor = typedColor;
        Map<String, Object> draft = new LinkedHashMap<>();
        draft.put("name", name.getValue().isBlank() ? savedName : name.getValue().strip());
        draft.put("color", shownColor);
        draft.put("welcomeMessage", welcome.getValue().strip());
        draft.put("starterQuestions", lines(starterQuestions.getValue()).stream().limit(BotSettings.MAX_STARTER_QUESTIONS).toList());
        draft.put("position", (position.getValue() == null ? BotSettings.Position.RIGHT : position.getValue()).name().toLowerCase(Locale.ROOT));
        draft.put("language", language.getValue() == null ? "en" : language.getValue());
        draft.put("theme", (theme.getValue() == null ? BotSettings.Theme.AUTO : theme.getValue()).name().toLowerCase(Locale.ROOT));
        draft.put("avatarUrl", avatarUrl); // null: the initial
        draft.put("open", !LAUNCHER_ONLY.equals(previewState.getValue()));
        preview.getElement().setAttribute("data-preview", json.writeValueAsString(draft));
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String id = event.getRouteParameters().get("botId").orElse("new");
        if ("new".equals(id)) {
            botId = null;
            show(BotSettings.defaults(""), null);
            return;
        }
        try {
            var bot = bots.find(UUID.fromString(id));
            if (bot.isEmpty()) {
                event.rerouteToError(com.vaadin.flow.router.NotFoundException.class, "No such bot.");
                return;
            }
            botId = bot.get().id();
            show(bot.get().settings(), bot.get());
        } catch (IllegalArgumentException e) {
            event.rerouteToError(com.vaadin.flow.router.NotFoundException.class, "No such bot.");
        }
    }

    private void show(BotSettings s, Bot bot) {
        title.setText(bot == null ? "New bot" : s.name());
        name.setValue(s.name());
        persona.setValue(s.persona());
        welcome.setValue(s.welcomeMessage());
        starterQuestions.setValue(String.join("\n", s.starterQuestions()));
        color.setValue(s.color());
        position.setValue(s.position());
        language.setValue(s.language());
        theme.setValue(s.theme());
        allowedOrigins.setValue(String.join("\n", s.allowedOrigins()));
        publicKey.setValue(bot == null ? "Created when you save" : bot.publicKey());
        delete.setVisible(bot != null);
        answers.setVisible(bot != null); // answer settings belong to a saved bot
        if (bot != null) answers.show(bot.id());
        identity.setVisible(bot != null);
        avatar.setVisible(bot != null); // an avatar belongs to a saved bot, like the answer settings
        avatarUrl = bot == null ? null : WidgetAvatars.url(bot.publicKey(), bot.avatarVersion());
        if (bot != null) avatar.show(bot);
        if (bot != null) identity.show(bot.id());
        save.setText(bot == null ? "Create bot" : "Save changes");
        tabsSlot.removeAll();
        if (bot != null) tabsSlot.add(new BotTabs(bot.id(), BotSettingsView.class));
        savedName = s.name();
        shownColor = s.color();
        preview.setVisible(bot != null);
        previewState.setVisible(bot != null);
        previewPlaceholder.setVisible(bot == null);
        if (bot != null) {
            String src = BotPages.PREVIEW + bot.id();
            if (!src.equals(preview.getSrc())) preview.setSrc(src);
            pushPreview();
        }
    }

    BotSettings read() {
        return new BotSettings(name.getValue(), persona.getValue(), welcome.getValue(), lines(starterQuestions.getValue()),
                color.getValue(), position.getValue(), language.getValue(), lines(allowedOrigins.getValue()), theme.getValue());
    }

    /** An avatar is saved as soon as it is uploaded or removed: the preview shows it at once. */
    private void avatarChanged(Bot bot) {
        avatarUrl = WidgetAvatars.url(bot.publicKey(), bot.avatarVersion());
        pushPreview();
    }

    static String themeLabel(BotSettings.Theme theme) {
        return switch (theme) {
            case AUTO -> "Automatic";
            case LIGHT -> "Light";
            case DARK -> "Dark";
        };
    }

    private static List<String> lines(String text) {
        return Arrays.stream(text.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private void save() {
        errors.clear();
        try {
            Bot saved = botId == null ? bots.create(read()) : bots.update(botId, read());
            botId = saved.id();
            show(saved.settings(), saved);
            Notification.show("Saved " + saved.name() + ".", 3000, Notification.Position.BOTTOM_START)
                    .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            getUI().ifPresent(ui -> ui.getPage().getHistory().replaceState(null, "bots/" + saved.id()));
        } catch (InvalidInputException e) {
            errors.show(e);
        }
    }

    private void confirmDelete() {
        ConfirmDialog dialog = new ConfirmDialog();
        dialog.setHeader("Delete " + name.getValue() + "?");
        dialog.setText("The bot stops answering on every site at once, and its knowledge and conversations are deleted. This cannot be undone.");
        dialog.setCancelable(true);
        dialog.setConfirmText("Delete bot");
        dialog.setConfirmButtonTheme("error primary");
        dialog.addConfirmListener(confirm -> {
            bots.delete(botId);
            Notification.show("Bot deleted.", 3000, Notification.Position.BOTTOM_START);
            getUI().ifPresent(ui -> ui.navigate(BotsView.class));
        });
        dialog.open();
    }
}
