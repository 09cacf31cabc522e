package dev.parley.console.auth;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import dev.parley.console.support.FieldErrors;
import dev.parley.tenancy.AccountService;
import dev.parley.tenancy.InvalidInputException;
import dev.parley.tenancy.SignUpRequest;
import java.util.Map;

/** Creates a workspace and its owner, then signs the owner in. */
@Route(value = "signup", autoLayout = false)
@PageTitle("Create a workspace · Parley")
@AnonymousAllowed
public class SignUpView extends Div {

    final TextField name = new TextField("Your name");
    final EmailField email = new EmailField("Work e-mail");
    final PasswordField password = new PasswordField("Password");
    final TextField workspace = new TextField("Workspace name");
    final Button create = new Button("Create workspace");
    final Div formError = new Div();

    public SignUpView(AccountService accounts) {
        addClassName("parley-auth");
        password.setHelperText("At least 10 characters, letters mixed with digits or symbols.");
        workspace.setHelperText("Usually your company's name. You can invite your team next.");
        for (var field : new com.vaadin.flow.component.HasValue<?, ?>[] {name, email, password, workspace}) {
            ((com.vaadin.flow.component.HasSize) field).setWidthFull();
        }
        name.setAutocomplete(com.vaadin.flow.component.textfield.Autocomplete.NAME);
        email.setAutocomplete(com.vaadin.flow.component.textfield.Autocomplete.EMAIL);
        password.setAutocomplete(com.vaadin.flow.component.textfield.Autocomplete.NEW_PASSWORD);
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.setWidthFull();
        create.addClickShortcut(Key.ENTER);
        formError.getStyle().set("color", "var(--lumo-error-text-color)");

        FieldErrors errors = new FieldErrors(formError, Map.of("displayName", name, "email", email,
                "password", password, "workspaceName", workspace));
        create.addClickListener(click -> {
            errors.clear();
            try {
                var principal = accounts.signUp(new SignUpRequest(name.getValue(), email.getValue(),
                        password.getValue(), workspace.getValue()));
                SessionSignIn.signIn(accounts.authenticationFor(principal));
                UI.getCurrent().getPage().setLocation("overview");
            } catch (InvalidInputException e) {
                errors.show(e);
            }
        });

        Paragraph signIn = new Paragraph("Already have an account? ");
        signIn.add(new Anchor("login", "Sign in"));
        Div card = new Div(AuthHeader.create("Create your workspace",
                "An assistant that answers your visitors from your own documents, with sources."),
                new FormLayout(name, email, password, workspace), formError, create, signIn);
        card.addClassName("parley-auth-card");
        add(card);
    }
}
