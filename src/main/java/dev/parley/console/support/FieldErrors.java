package dev.parley.console.support;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.html.Div;
import dev.parley.tenancy.InvalidInputException;
import java.util.Map;

/** Shows a service's validation messages next to the fields they belong to. */
public final class FieldErrors {
    private final Div general;
    private final Map<String, ? extends HasValidation> fields;

    public FieldErrors(Div general, Map<String, ? extends HasValidation> fields) {
        this.general = general;
        this.fields = fields;
        // The service decides validity; stop components from clearing its messages on blur.
        fields.values().forEach(f -> f.setManualValidation(true));
        general.setVisible(false);
    }

    public void clear() {
        general.setText("");
        general.setVisible(false);
        fields.values().forEach(f -> {
            f.setInvalid(false);
            f.setErrorMessage(null);
        });
    }

    public void show(InvalidInputException e) {
        clear();
        StringBuilder unplaced = new StringBuilder();
        e.fieldErrors().forEach((field, message) -> {
            HasValidation target = fields.get(field);
            if (target != null) {
                target.setErrorMessage(message);
                target.setInvalid(true);
            } else {
                unplaced.append(message).append(' ');
            }
        });
        if (!unplaced.isEmpty()) {
            general.setText(unplaced.toString().strip());
            general.setVisible(true);
        }
    }
}
