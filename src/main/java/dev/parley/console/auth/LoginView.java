package dev.parley.console.auth;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.WebAttributes;

/** Sign-in. The form posts to Spring Security; failures come back as ?error with the reason in the session. */
@Route(value = "login", autoLayout = false)
@PageTitle("Sign in · Parley")
@AnonymousAllowed
public class LoginView extends Div implements BeforeEnterObserver {

    final LoginForm form = new LoginForm();

    public LoginView() {
        addClassName("parley-auth");
        form.setAction("login");
        form.setForgotPasswordButtonVisible(false);
        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle("Sign in to Parley");
        i18n.getForm().setUsername("E-mail");
        i18n.getForm().setSubmit("Sign in");
        form.setI18n(i18n);

        Paragraph signUp = new Paragraph("New here? ");
        signUp.add(new Anchor("signup", "Create a workspace"));
        Div card = new Div(AuthHeader.create(null, "Your bots, knowledge and conversations in one place."), form, signUp);
        card.addClassName("parley-auth-card");
        add(card);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (!event.getLocation().getQueryParameters().getParameters().containsKey("error")) return;
        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle("Sign in to Parley");
        i18n.getForm().setUsername("E-mail");
        i18n.getForm().setSubmit("Sign in");
        LoginI18n.ErrorMessage error = i18n.getErrorMessage();
        Object failure = VaadinSession.getCurrent() == null ? null
                : VaadinSession.getCurrent().getSession().getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
        if (failure instanceof LockedException locked) {
            error.setTitle("Sign-in paused");
            error.setMessage(locked.getMessage());
        } else if (failure instanceof AuthenticationException other && !(other instanceof org.springframework.security.authentication.BadCredentialsException)) {
            error.setTitle("Cannot sign in");
            error.setMessage(other.getMessage());
        } else {
            error.setTitle("Incorrect e-mail or password");
            error.setMessage("Check both and try again. After several failed attempts sign-in pauses for a few minutes.");
        }
        form.setI18n(i18n);
        form.setError(true);
    }
}
