package dev.parley.console.integrations;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.checkbox.CheckboxGroupVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.textfield.TextField;
import dev.parley.console.support.FieldErrors;
import dev.parley.tenancy.InvalidInputException;
import dev.parley.webhooks.WebhookEvent;
import dev.parley.webhooks.Webhooks;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;

/** Adds or edits an endpoint; the service validates, and its messages appear next to the fields. */
final class EndpointDialog extends Dialog {

    final TextField url = new TextField("Endpoint URL");
    final TextField description = new TextField("Description (optional)");
    final CheckboxGroup<WebhookEvent> events = new CheckboxGroup<>("Events");
    final Checkbox enabled = new Checkbox("Send events to this endpoint");
    final Button save;
    final Div formError = new Div();

    EndpointDialog(Webhooks.Endpoint existing, Function<Webhooks.EndpointInput, Boolean> onSave) {
        setHeaderTitle(existing == null ? "Add an endpoint" : "Edit endpoint");
        url.setPlaceholder("https://example.com/parley-events");
        url.setWidthFull();
        url.setMaxLength(2000);
        description.setWidthFull();
        description.setMaxLength(200);
        events.setItems(Arrays.stream(WebhookEvent.values()).filter(WebhookEvent::subscribable).toList());
        events.setItemLabelGenerator(e -> e.type() + " · " + e.description());
        events.addThemeVariants(CheckboxGroupVariant.LUMO_VERTICAL);
        formError.addClassName("parley-form-error");
        FieldErrors errors = new FieldErrors(formError, Map.of("url", url, "description", description, "events", events));
        if (existing != null) {
            url.setValue(existing.url());
            description.setValue(existing.description());
            events.setValue(existing.events());
            enabled.setValue(existing.enabled());
        } else {
            enabled.setValue(true);
        }
        save = new Button(existing == null ? "Add endpoint" : "Save", click -> {
            errors.clear();
            try {
                if (onSave.apply(new Webhooks.EndpointInput(url.getValue(), description.getValue(), events.getValue(), enabled.getValue()))) {
                    close();
                }
            } catch (InvalidInputException e) {
                errors.show(e);
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add(url, description, events, enabled, formError);
        getFooter().add(new Button("Cancel", click -> close()), save);
        setWidth("min(620px, 95vw)");
    }
}
