package dev.parley.console.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.BrowserlessUIContext;
import dev.parley.console.ConsoleTest;
import dev.parley.console.home.HomeView;
import dev.parley.tenancy.ParleyPrincipal;
import dev.parley.tenancy.Role;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

class SignUpViewTest extends ConsoleTest {

    @Test
    void createsTheWorkspaceAndSignsTheOwnerIn() {
        long tenants = countAll("SELECT count(*) FROM tenants");
        String email = uniqueEmail("sam");
        String workspace = "Signup Co " + UUID.randomUUID();
        BrowserlessUIContext browser = window(null);
        SignUpView view = fill(browser, "Sam Signup", email, PASSWORD, workspace);

        browser.test(view.create).click();

        assertThat(view.email.isInvalid()).isFalse();
        assertThat(view.password.isInvalid()).isFalse();
        assertThat(view.formError.isVisible()).isFalse();
        assertThat(countAll("SELECT count(*) FROM tenants")).isEqualTo(tenants + 1);
        assertThat(countAll("SELECT count(*) FROM tenants WHERE name = ?", workspace)).isEqualTo(1);
        assertThat(countAll("SELECT count(*) FROM users WHERE email = ?", email)).isEqualTo(1);

        // Signed in: the HTTP session carries the new owner, and the page moves on into the console.
        ParleyPrincipal me = signedIn(browser);
        assertThat(me.email()).isEqualTo(email);
        assertThat(me.role()).isEqualTo(Role.OWNER);
        assertThat(me.tenantName()).isEqualTo(workspace);
        assertThat(browser.getExternalNavigationURL()).isEqualTo("overview");
        assertThat(countAll("SELECT count(*) FROM memberships WHERE tenant_id = ? AND user_id = ? AND role = 'OWNER'",
                me.tenant().value(), me.user().value())).isEqualTo(1);
        HomeView home = window(me).navigate(HomeView.class);
        assertThat(home.getElement().getTextRecursively()).contains("Welcome, Sam Signup").contains(workspace);
    }

    @Test
    void duplicateEmailIsShownNextToTheEmailAndCreatesNothing() {
        ParleyPrincipal existing = newWorkspace("Existing Co");
        long tenants = countAll("SELECT count(*) FROM tenants");
        long users = countAll("SELECT count(*) FROM users");
        BrowserlessUIContext browser = window(null);
        // Same address in other letter case: e-mails are compared normalised.
        SignUpView view = fill(browser, "Copy Cat", existing.email().toUpperCase(), PASSWORD, "Copycat Co");

        browser.test(view.create).click();

        assertThat(view.email.isInvalid()).isTrue();
        assertThat(view.email.getErrorMessage()).contains("already exists");
        assertThat(view.password.isInvalid()).isFalse();
        assertThat(countAll("SELECT count(*) FROM tenants")).isEqualTo(tenants);
        assertThat(countAll("SELECT count(*) FROM users")).isEqualTo(users);
        assertThat(countAll("SELECT count(*) FROM memberships WHERE user_id = ?", existing.user().value())).isEqualTo(1);
        assertNotSignedIn(browser);
    }

    @Test
    void weakPasswordIsShownNextToThePasswordAndCreatesNothing() {
        long tenants = countAll("SELECT count(*) FROM tenants");
        long users = countAll("SELECT count(*) FROM users");
        String email = uniqueEmail("weak");
        BrowserlessUIContext browser = window(null);
        SignUpView view = fill(browser, "Wendy Weak", email, "password123", "Weak Co");

        browser.test(view.create).click();

        assertThat(view.password.isInvalid()).isTrue();
        assertThat(view.password.getErrorMessage()).contains("too easy to guess");
        assertThat(view.email.isInvalid()).isFalse();
        assertThat(countAll("SELECT count(*) FROM tenants")).isEqualTo(tenants);
        assertThat(countAll("SELECT count(*) FROM users")).isEqualTo(users);
        assertThat(countAll("SELECT count(*) FROM users WHERE email = ?", email)).isZero();
        assertNotSignedIn(browser);

        // Too short gets its own message; fixing the password then works.
        browser.test(view.password).setValue("x1");
        browser.test(view.create).click();
        assertThat(view.password.getErrorMessage()).contains("at least 10 characters");
        assertThat(countAll("SELECT count(*) FROM users WHERE email = ?", email)).isZero();
    }

    private static SignUpView fill(BrowserlessUIContext browser, String name, String email, String password, String workspace) {
        SignUpView view = browser.navigate(SignUpView.class);
        browser.test(view.name).setValue(name);
        browser.test(view.email).setValue(email);
        browser.test(view.password).setValue(password);
        browser.test(view.workspace).setValue(workspace);
        return view;
    }

    private static ParleyPrincipal signedIn(BrowserlessUIContext browser) {
        Object stored = browser.getUser().getSession().getSession()
                .getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        assertThat(stored).isInstanceOf(SecurityContext.class);
        Object principal = ((SecurityContext) stored).getAuthentication().getPrincipal();
        assertThat(principal).isInstanceOf(ParleyPrincipal.class);
        return (ParleyPrincipal) principal;
    }

    private static void assertNotSignedIn(BrowserlessUIContext browser) {
        assertThat(browser.getUser().getSession().getSession()
                .getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY)).isNull();
        // The window only ever saw the redirect of its first, anonymous page load.
        assertThat(browser.getExternalNavigationURL()).isEqualTo("/login");
    }
}
