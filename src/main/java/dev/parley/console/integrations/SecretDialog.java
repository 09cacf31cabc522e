package dev.parley.console.integrations;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;

/** Shows a secret the one time it exists in clear, with a copy button. */
final class SecretDialog extends Dialog {

    /** Plain selectable text, not an input: an input clips the underscores of a monospace key. */
    final Div secret = new Div();
    final Button copy = new Button("Copy", VaadinIcon.COPY.create());

    SecretDialog(String title, String label, String value, String explanation) {
        setHeaderTitle(title);
        secret.setText(value);
        secret.addClassName("parley-secret");
        secret.getElement().setAttribute("aria-label", label);
        secret.getElement().setAttribute("role", "textbox");
        secret.getElement().setAttribute("aria-readonly", "true");
        Span caption = new Span(label);
        caption.addClassName("parley-secondary");
        copy.addClickListener(click -> {
            secret.getElement().executeJs("navigator.clipboard && navigator.clipboard.writeText($0)", value);
            Notification.show("Copied.", 2000, Notification.Position.BOTTOM_START);
        });
        Button done = new Button("I have stored it", click -> close());
        done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add(new Paragraph(explanation + " It is shown only now: Parley keeps no readable copy."), caption, secret);
        getFooter().add(copy, done);
        setWidth("min(620px, 95vw)");
        setCloseOnOutsideClick(false);
    }
}
