package dev.parley.console.bots;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import dev.parley.console.support.FieldErrors;
import dev.parley.tenancy.AnswerSettings;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.InvalidInputException;
import java.util.Map;
import java.util.UUID;

/**
 * How a bot answers: what it says when it does not know, its daily cap, and its own
 * OpenAI-compatible endpoint. The API key is write-only: the page only says whether one is set.
 */
class AnswerSettingsSection extends Div {

    final TextField unansweredMessage = new TextField("When nothing in the knowledge answers");
    final TextField handoffLine = new TextField("Hand-off line");
    final IntegerField maxMessagesPerDay = new IntegerField("Messages per day");
    final TextField llmBaseUrl = new TextField("LLM endpoint");
    final TextField llmModel = new TextField("Model");
    final NumberField llmTemperature = new NumberField("Temperature");
    final IntegerField llmMaxTokens = new IntegerField("Max answer tokens");
    final PasswordField llmApiKey = new PasswordField("API key");
    final Checkbox removeKey = new Checkbox("Remove the stored key");
    final Paragraph mode = new Paragraph();
    final Button save = new Button("Save answer settings");
    final Div formError = new Div();

    private final BotService bots;
    private final FieldErrors errors;
    private UUID botId;

    AnswerSettingsSection(BotService bots) {
        this.bots = bots;
        addClassName("parley-section");
        unansweredMessage.setPlaceholder("I'm sorry, I couldn't find an answer to that in the documents I have.");
        unansweredMessage.setHelperText("Leave empty for the built-in sentence in the bot's language.");
        handoffLine.setPlaceholder("Write to help@example.com and we'll get back to you.");
        handoffLine.setHelperText("Optional, shown after that sentence.");
        maxMessagesPerDay.setMin(0);
        maxMessagesPerDay.setHelperText("Visitor messages per day (UTC); empty for no cap. Beyond it visitors are asked to come back tomorrow.");
        llmBaseUrl.setPlaceholder("https://api.openai.com/v1 or http://localhost:11434/v1");
        llmBaseUrl.setHelperText("Any OpenAI-compatible server. Empty: the installation's default, else answers are picked from your documents.");
        llmModel.setPlaceholder("gpt-4o-mini");
        llmTemperature.setMin(0);
        llmTemperature.setMax(2);
        llmTemperature.setStep(0.1);
        llmTemperature.setPlaceholder("0.2");
        llmMaxTokens.setPlaceholder("600");
        llmApiKey.setRevealButtonVisible(false);
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(click -> save());
        formError.getStyle().set("color", "var(--lumo-error-text-color)");
        errors = new FieldErrors(formError, Map.of("unansweredMessage", unansweredMessage, "handoffLine", handoffLine,
                "maxMessagesPerDay", maxMessagesPerDay, "llmBaseUrl", llmBaseUrl, "llmModel", llmModel,
                "llmTemperature", llmTemperature, "llmMaxTokens", llmMaxTokens, "llmApiKey", llmApiKey));

        FormLayout form = new FormLayout(unansweredMessage, handoffLine, maxMessagesPerDay, llmBaseUrl, llmModel,
                llmTemperature, llmMaxTokens, llmApiKey, removeKey);
        form.setColspan(unansweredMessage, 2);
        form.setColspan(handoffLine, 2);
        form.setColspan(llmBaseUrl, 2);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("600px", 2));
        mode.addClassName("parley-lead");
        add(new H3("Answers"), mode, form, formError, save);
    }

    void show(UUID botId) {
        this.botId = botId;
        errors.clear();
        AnswerSettings s = bots.answerSettings(botId).orElseGet(AnswerSettings::defaults);
        unansweredMessage.setValue(s.unansweredMessage());
        handoffLine.setValue(s.handoffLine());
        maxMessagesPerDay.setValue(s.maxMessagesPerDay());
        llmBaseUrl.setValue(s.llmBaseUrl() == null ? "" : s.llmBaseUrl());
        llmModel.setValue(s.llmModel() == null ? "" : s.llmModel());
        llmTemperature.setValue(s.llmTemperature());
        llmMaxTokens.setValue(s.llmMaxTokens());
        boolean hasKey = bots.hasLlmApiKey(botId);
        llmApiKey.clear();
        llmApiKey.setPlaceholder(hasKey ? "A key is stored — type to replace it" : "No key stored");
        llmApiKey.setHelperText("Stored encrypted and never shown again.");
        removeKey.setValue(false);
        removeKey.setVisible(hasKey);
        mode.setText(s.llmBaseUrl() == null
                ? "Answers are written by the installation's default LLM when one is configured, otherwise picked from your documents, with citations."
                : "Answers are written by " + (s.llmModel() == null ? "the default model" : s.llmModel()) + " at " + s.llmBaseUrl()
                        + ", from your documents, with citations. When it is unreachable, answers are picked from the documents.");
    }

    AnswerSettings read() {
        return new AnswerSettings(unansweredMessage.getValue(), handoffLine.getValue(), maxMessagesPerDay.getValue(),
                llmBaseUrl.getValue(), llmModel.getValue(), llmTemperature.getValue(), llmMaxTokens.getValue());
    }

    private void save() {
        errors.clear();
        if (maxMessagesPerDay.isInvalid() || llmTemperature.isInvalid() || llmMaxTokens.isInvalid()) {
            formError.setText("Some numbers are not valid: check the highlighted fields.");
            formError.setVisible(true);
            return;
        }
        String key = removeKey.getValue() ? "" : llmApiKey.getValue().isBlank() ? null : llmApiKey.getValue();
        try {
            bots.updateAnswerSettings(botId, read(), key);
            show(botId);
            Notification.show("Answer settings saved.", 3000, Notification.Position.BOTTOM_START)
                    .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
        } catch (InvalidInputException e) {
            errors.show(e);
        }
    }
}
