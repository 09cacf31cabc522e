package dev.parley.console.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.BrowserlessUIContext;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.TextField;
import dev.parley.console.ConsoleTest;
import dev.parley.console.team.TeamView;
import dev.parley.tenancy.ParleyPrincipal;
import dev.parley.tenancy.Role;
import dev.parley.tenancy.TeamService;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

class InvitationFlowTest extends ConsoleTest {

    @Test
    void ownerInvitesAndTheLinkLetsANewPersonJoinOnce() {
        ParleyPrincipal owner = newWorkspace("Invite Co");
        String email = uniqueEmail("sue");

        BrowserlessUIContext ownerBrowser = window(owner);
        ownerBrowser.navigate(TeamView.class);
        ownerBrowser.test(ownerBrowser.find(EmailField.class).withLabel("E-mail").single()).setValue(email);
        ownerBrowser.test(ownerBrowser.find(Select.class).withLabel("Role").single()).selectItem("Support");
        ownerBrowser.test(ownerBrowser.find(Button.class).withText("Create invitation link").single()).click();
        Dialog dialog = ownerBrowser.find(Dialog.class).single();
        String url = ownerBrowser.find(TextField.class, dialog).withLabel("Invitation link").single().getValue();
        assertThat(url).contains("/invite/");
        assertThat(ownerBrowser.find(H3.class).withText("Pending invitations").single().isVisible()).isTrue();
        String token = url.substring(url.indexOf("/invite/") + "/invite/".length());

        // Two tabs open the link; the first one joins.
        BrowserlessUIContext joiner = window(null);
        BrowserlessUIContext secondTab = window(null);
        InvitationView stale = openInvitation(secondTab, token);
        InvitationView join = openInvitation(joiner, token);
        assertThat(join.email.getValue()).isEqualTo(email);
        assertThat(join.card.getElement().getTextRecursively()).contains("Join Invite Co").contains("support");
        joiner.test(join.name).setValue("Sue Support");
        joiner.test(join.password).setValue(PASSWORD);
        joiner.test(join.join).click();

        assertThat(join.formError.isVisible()).isFalse();
        ParleyPrincipal joined = signedIn(joiner);
        assertThat(joined.email()).isEqualTo(email);
        assertThat(joined.tenant()).isEqualTo(owner.tenant());
        assertThat(joined.role()).isEqualTo(Role.SUPPORT);
        assertThat(joiner.getExternalNavigationURL()).isEqualTo("/");
        assertThat(as(owner, this.team::members)).extracting(TeamService.Member::email, TeamService.Member::role)
                .contains(org.assertj.core.groups.Tuple.tuple(email, Role.SUPPORT));
        long members = memberCount(owner);
        long users = countAll("SELECT count(*) FROM users");

        // The second tab still shows the form; joining there now fails and changes nothing.
        secondTab.test(stale.name).setValue("Sue Again");
        secondTab.test(stale.password).setValue(PASSWORD);
        secondTab.test(stale.join).click();
        assertThat(stale.formError.isVisible()).isTrue();
        assertThat(stale.formError.getText()).contains("invalid, expired or already used");

        // Opening the used link again shows the same message and no form.
        InvitationView reused = openInvitation(window(null), token);
        assertInvalid(reused);
        assertThat(memberCount(owner)).isEqualTo(members);
        assertThat(countAll("SELECT count(*) FROM users")).isEqualTo(users);
        assertThat(as(owner, this.team::pendingInvitations)).isEmpty();
    }

    @Test
    void anExpiredInvitationIsRefused() {
        ParleyPrincipal owner = newWorkspace("Expiry Co");
        String email = uniqueEmail("late");
        TeamService.InvitationLink link = as(owner, () -> team.invite(email, Role.EDITOR));
        int expired = inTenant(owner, jdbc -> jdbc
                .sql("UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = ?")
                .param(link.id()).update());
        assertThat(expired).isEqualTo(1);
        long members = memberCount(owner);

        assertInvalid(openInvitation(window(null), link.token()));
        assertInvalid(openInvitation(window(null), "not-a-real-token-but-long-enough"));

        assertThat(memberCount(owner)).isEqualTo(members);
        assertThat(countAll("SELECT count(*) FROM users WHERE email = ?", email)).isZero();
    }

    private static InvitationView openInvitation(BrowserlessUIContext browser, String token) {
        return browser.navigate("invite/" + token, InvitationView.class);
    }

    private static void assertInvalid(InvitationView view) {
        String text = view.card.getElement().getTextRecursively();
        assertThat(text).contains("Invitation not valid").contains("invalid, expired or already used");
        assertThat(view.join.isAttached()).isFalse();
    }

    private long memberCount(ParleyPrincipal owner) {
        return inTenant(owner, jdbc -> jdbc.sql("SELECT count(*) FROM memberships").query(Long.class).single());
    }

    private static ParleyPrincipal signedIn(BrowserlessUIContext browser) {
        Object stored = browser.getUser().getSession().getSession()
                .getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        return (ParleyPrincipal) ((SecurityContext) stored).getAuthentication().getPrincipal();
    }
}
