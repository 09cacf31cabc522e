package dev.parley.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.IntegrationTest;
import dev.parley.TestWorkspaces;
import dev.parley.shared.TenantId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContextHolder;

/** A member of two workspaces switches between them and sees only the one they are in. */
class WorkspaceSwitchTest extends IntegrationTest {

    @Autowired TestWorkspaces workspaces;
    @Autowired TeamService team;
    @Autowired AccountService accounts;
    @Autowired BotService bots;

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void memberOfTwoWorkspacesSwitchesAndSeesOnlyTheCurrentOne() {
        ParleyPrincipal pat = workspaces.newOwner();
        bots.create(BotSettings.defaults("Pat's bot"));

        ParleyPrincipal other = workspaces.newOwner();
        bots.create(BotSettings.defaults("Other bot"));
        var link = team.invite(pat.email(), Role.ADMIN);
        SecurityContextHolder.clearContext();
        ParleyPrincipal joined = team.accept(link.token(), null, TestWorkspaces.passwordOf(pat));
        assertThat(joined.tenant()).isEqualTo(other.tenant());
        assertThat(joined.workspaces()).extracting(ParleyPrincipal.Workspace::id)
                .containsExactlyInAnyOrder(pat.tenant(), other.tenant());

        workspaces.signIn(joined);
        assertThat(bots.list()).extracting(Bot::name).containsExactly("Other bot");

        var switched = (ParleyPrincipal) accounts.switchTo(pat.tenant()).getPrincipal();
        assertThat(switched.tenant()).isEqualTo(pat.tenant());
        assertThat(switched.role()).isEqualTo(Role.OWNER);
        workspaces.signIn(switched);
        assertThat(bots.list()).extracting(Bot::name).containsExactly("Pat's bot");

        assertThatThrownBy(() -> accounts.switchTo(TenantId.random()))
                .isInstanceOf(InvalidInputException.class).hasMessage("You are not a member of that workspace.");
        assertThat(bots.list()).extracting(Bot::name).containsExactly("Pat's bot");
    }
}
