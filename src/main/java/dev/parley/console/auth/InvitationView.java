package dev.parley.console.auth;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import dev.parley.console.support.FieldErrors;
import dev.parley.tenancy.AccountService;
import dev.parley.tenancy.InvalidInputException;
import dev.parley.tenancy.TeamService;
import java.util.Map;

/** Where an invitation link lands: join with a new account, or with an existing account's password. */
@Route(value = "invite/:token", autoLayout = false)
@PageTitle("Join a workspace · Parley")
@AnonymousAllowed
public class InvitationView extends Div implements BeforeEnterObserver {

    final TextField name = new TextField("Your name");
    final TextField email = new TextField("E-mail");
    final PasswordField password = new PasswordField("Password");
    final Button join = new Button("Join workspace");
    final Div formError = new Div();
    final Div card = new Div();

    private final TeamService team;
    private final AccountService accounts;
    private String token;

    public InvitationView(TeamService team, AccountService accounts) {
        this.team = team;
        this.accounts = accounts;
        addClassName("parley-auth");
        card.addClassName("parley-auth-card");
        add(card);
        email.setReadOnly(true);
        name.setWidthFull();
        password.setWidthFull();
        email.setWidthFull();
        join.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        join.setWidthFull();
        formError.getStyle().set("color", "var(--lumo-error-text-color)");
        join.addClickListener(click -> join());
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        token = event.getRouteParameters().get("token").orElse("");
        card.removeAll();
        try {
            TeamService.InvitationPreview preview = team.preview(token);
            email.setValue(preview.email());
            name.setVisible(!preview.existingAccount());
            password.setHelperText(preview.existingAccount() ? "You already have a Parley account: enter its password."
                    : "Choose a password: at least 10 characters, letters mixed with digits or symbols.");
            card.add(AuthHeader.create("Join " + preview.tenantName(), "You were invited as "
                    + preview.role().label().toLowerCase() + ": " + preview.role().description().toLowerCase() + "."),
                    new FormLayout(name, email, password), formError, join);
        } catch (InvalidInputException e) {
            card.add(AuthHeader.create("Invitation not valid", e.getMessage()));
            Paragraph back = new Paragraph();
            back.add(new com.vaadin.flow.component.html.Anchor("login", "Go to sign-in"));
            card.add(back);
        }
    }

    private void join() {
        FieldErrors errors = new FieldErrors(formError, Map.of("displayName", name, "password", password));
        errors.clear();
        try {
            var principal = team.accept(token, name.getValue(), password.getValue());
            SessionSignIn.signIn(accounts.authenticationFor(principal));
            UI.getCurrent().getPage().setLocation("/");
        } catch (InvalidInputException e) {
            errors.show(e);
        }
    }
}
