package dev.parley.console.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.vaadin.browserless.BrowserlessUIContext;
import com.vaadin.flow.router.QueryParameters;
import dev.parley.console.ConsoleTest;
import dev.parley.tenancy.ParleyPrincipal;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.WebAttributes;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

class LoginViewTest extends ConsoleTest {

    @Autowired MockMvc mvc;

    @Test
    void showsTheReasonOfAFailedSignIn() {
        BrowserlessUIContext browser = window(null);
        LoginView plain = browser.navigate(LoginView.class);
        assertThat(plain.form.isError()).isFalse();

        LoginView failed = withError(browser);
        assertThat(failed.form.isError()).isTrue();
        assertThat(i18n(failed)).contains("Incorrect e-mail or password");

        browser.getUser().getSession().getSession().setAttribute(WebAttributes.AUTHENTICATION_EXCEPTION,
                new LockedException("Too many failed sign-ins. Try again in 15 minutes."));
        LoginView locked = withError(browser);
        assertThat(locked.form.isError()).isTrue();
        assertThat(i18n(locked)).contains("Sign-in paused").contains("Try again in 15 minutes");
    }

    @Test
    void fiveWrongPasswordsLockTheAccountEvenForTheRightPassword() throws Exception {
        ParleyPrincipal owner = newWorkspace("Throttle Co");
        RequestPostProcessor from = fromAddress();

        for (int attempt = 1; attempt <= 10; attempt++) {
            AuthenticationException failure = signIn(owner.email(), "wrong-password-" + attempt, from);
            if (attempt <= 5) {
                assertThat(failure).as("attempt %d", attempt).isInstanceOf(BadCredentialsException.class);
            } else {
                assertThat(failure).as("attempt %d", attempt).isInstanceOf(LockedException.class)
                        .hasMessageContaining("Too many failed sign-ins");
            }
        }
        assertThat(signIn(owner.email(), PASSWORD, from)).isInstanceOf(LockedException.class);
        // Another address does not help: the lock is on the account.
        assertThat(signIn(owner.email(), PASSWORD, fromAddress())).isInstanceOf(LockedException.class);
    }

    @Test
    void rightPasswordSignsInAndUnknownEmailLooksLikeAWrongPassword() throws Exception {
        ParleyPrincipal owner = newWorkspace("Sign-in Co");
        RequestPostProcessor from = fromAddress();

        MvcResult ok = postLogin(owner.email(), PASSWORD, from);
        assertThat(ok.getResponse().getStatus()).isEqualTo(302);
        assertThat(ok.getResponse().getRedirectedUrl()).doesNotContain("error");

        MvcResult wrong = postLogin(owner.email(), "not-the-password-1", from);
        MvcResult unknown = postLogin(uniqueEmail("nobody"), "not-the-password-1", from);
        for (MvcResult result : new MvcResult[] {wrong, unknown}) {
            assertThat(result.getResponse().getStatus()).isEqualTo(302);
            assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/login?error");
        }
        AuthenticationException wrongFailure = failure(wrong);
        AuthenticationException unknownFailure = failure(unknown);
        assertThat(unknownFailure).isInstanceOf(BadCredentialsException.class);
        assertThat(unknownFailure.getClass()).isEqualTo(wrongFailure.getClass());
        assertThat(unknownFailure.getMessage()).isEqualTo(wrongFailure.getMessage());
    }

    /** A failing sign-in: redirected back to the form, the reason kept in the session for the view. */
    private AuthenticationException signIn(String email, String password, RequestPostProcessor from) throws Exception {
        MvcResult result = postLogin(email, password, from);
        assertThat(result.getResponse().getStatus()).isEqualTo(302);
        assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/login?error");
        return failure(result);
    }

    /** The login form's POST as Spring Security's form login expects it, with a valid CSRF token. */
    private MvcResult postLogin(String email, String password, RequestPostProcessor from) throws Exception {
        return mvc.perform(post("/login").param("username", email).param("password", password).with(csrf()).with(from))
                .andReturn();
    }

    private static AuthenticationException failure(MvcResult result) {
        Object failure = result.getRequest().getSession(false).getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
        assertThat(failure).isInstanceOf(AuthenticationException.class);
        return (AuthenticationException) failure;
    }

    /** Each test signs in from its own address, so the per-address limit of other tests never interferes. */
    private static RequestPostProcessor fromAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String address = "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    /** Where Spring Security sends a failed sign-in: /login?error. */
    private static LoginView withError(BrowserlessUIContext browser) {
        browser.getUI().navigate("login", QueryParameters.fromString("error"));
        return (LoginView) browser.getCurrentView();
    }

    private static String i18n(LoginView view) {
        return String.valueOf(view.form.getElement().getPropertyRaw("i18n"));
    }
}
