package dev.parley.console.account;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import dev.parley.tenancy.InvalidInputException;
import java.util.function.Consumer;

/** Deleting a workspace asks for its name, typed: a click alone never deletes anything. */
class DeleteWorkspaceDialog extends Dialog {

    final TextField confirmation = new TextField("Type the workspace name to confirm");
    final Button confirm = new Button("Delete workspace");

    DeleteWorkspaceDialog(String workspaceName, Consumer<String> delete, Runnable deleted) {
        setHeaderTitle("Delete " + workspaceName + "?");
        Paragraph what = new Paragraph("Everything in this workspace is deleted for good: bots, knowledge and files, "
                + "conversations, members, API keys and the audit log. To confirm, type ");
        Span exact = new Span(workspaceName);
        exact.getStyle().set("font-weight", "600");
        what.add(exact, new Span("."));
        confirmation.setWidthFull();
        confirmation.setValueChangeMode(ValueChangeMode.EAGER);
        confirmation.setManualValidation(true);
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
        confirm.addClickListener(click -> {
            try {
                delete.accept(confirmation.getValue());
                close();
                deleted.run();
            } catch (InvalidInputException e) {
                confirmation.setErrorMessage(e.fieldErrors().getOrDefault("confirmation", e.getMessage()));
                confirmation.setInvalid(true);
            }
        });
        Button cancel = new Button("Cancel", click -> close());
        add(what, confirmation);
        getFooter().add(cancel, confirm);
        setWidth("min(520px, 95vw)");
    }
}
