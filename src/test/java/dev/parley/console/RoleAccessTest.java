package dev.parley.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vaadin.browserless.BrowserlessUIContext;
import com.vaadin.flow.component.HasElement;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.RouteNotFoundError;
import dev.parley.console.account.AccountView;
import dev.parley.console.bots.BotSettingsView;
import dev.parley.console.bots.BotsView;
import dev.parley.console.bots.EmbedView;
import dev.parley.console.dashboard.DashboardView;
import dev.parley.console.home.HomeView;
import dev.parley.console.team.TeamView;
import dev.parley.tenancy.Bot;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.BotSettings;
import dev.parley.tenancy.ParleyPrincipal;
import dev.parley.tenancy.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

/** Navigation shows what a role may use, and typing the address of anything else does not open it. */
class RoleAccessTest extends ConsoleTest {

    @Autowired BotService bots;

    @Test
    void supportSeesNeitherBotsNorTeamAndCannotOpenThemByAddress() {
        ParleyPrincipal owner = newWorkspace("Roles Co");
        Bot bot = as(owner, () -> bots.create(BotSettings.defaults("Existing bot")));
        BrowserlessUIContext support = window(newMember(owner, Role.SUPPORT));

        assertThat(support.getCurrentView()).isInstanceOf(HomeView.class);
        assertThat(navigationLabels(support)).containsExactly("Overview", "Conversations", "Unanswered");
        assertRefused(support, "bots");
        assertRefused(support, "bots/new");
        assertRefused(support, "bots/" + bot.id());
        assertRefused(support, "bots/" + bot.id() + "/embed");
        assertRefused(support, "team");
        assertRefused(support, "dashboard");
        assertRefused(support, "account");
    }

    @Test
    void editorCannotOpenTheTeam() {
        ParleyPrincipal owner = newWorkspace("Roles Co");
        BrowserlessUIContext editor = window(newMember(owner, Role.EDITOR));

        assertThat(navigationLabels(editor)).containsExactly("Overview", "Knowledge", "Unanswered");
        assertRefused(editor, "team");
        Bot bot = as(owner, () -> bots.create(BotSettings.defaults("Editor's bot")));
        assertRefused(editor, "bots/" + bot.id() + "/embed");
        assertRefused(editor, "dashboard");
        assertRefused(editor, "account");
    }

    @Test
    void ownerSeesAndOpensEverything() {
        BrowserlessUIContext owner = window(newWorkspace("Roles Co"));

        assertThat(navigationLabels(owner)).containsExactly("Overview", "Dashboard", "Bots", "Knowledge", "Conversations", "Unanswered", "Team",
                "Integrations", "Account");
        assertThat(open(owner, "dashboard")).isInstanceOf(DashboardView.class);
        assertThat(open(owner, "account")).isInstanceOf(AccountView.class);
        assertThat(open(owner, "team")).isInstanceOf(TeamView.class);
        assertThat(open(owner, "bots")).isInstanceOf(BotsView.class);
        assertThat(open(owner, "bots/new")).isInstanceOf(BotSettingsView.class);
    }

    @Test
    void anAdminOpensTheEmbedPageFromTheBotsList() {
        ParleyPrincipal owner = newWorkspace("Roles Co");
        Bot bot = as(owner, () -> bots.create(BotSettings.defaults("Listed bot")));
        BrowserlessUIContext admin = window(newMember(owner, Role.ADMIN));
        open(admin, "bots");
        @SuppressWarnings("unchecked")
        var grid = (com.vaadin.flow.component.grid.Grid<Bot>) admin.find(com.vaadin.flow.component.grid.Grid.class).single();
        var embed = (com.vaadin.flow.component.button.Button) admin.test(grid).getCellComponent(0, 3);
        assertThat(embed.getAriaLabel()).contains("Embed Listed bot");
        com.vaadin.flow.component.ComponentUtil.fireEvent(embed, new com.vaadin.flow.component.ClickEvent<>(embed));
        assertThat(admin.getCurrentView()).isInstanceOf(EmbedView.class);
        assertThat(admin.getUI().getInternals().getActiveViewLocation().getPath()).isEqualTo("bots/" + bot.id() + "/embed");
    }

    @Test
    void supportCannotCreateABotThroughTheService() {
        ParleyPrincipal owner = newWorkspace("Roles Co");
        ParleyPrincipal support = newMember(owner, Role.SUPPORT);

        assertThatThrownBy(() -> as(support, () -> bots.create(BotSettings.defaults("Sneaky bot"))))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(as(support, bots::list)).isEmpty();
        long stored = inTenant(owner, jdbc -> jdbc.sql("SELECT count(*) FROM bots").query(Long.class).single());
        assertThat(stored).isZero();
    }

    private static java.util.List<String> navigationLabels(BrowserlessUIContext browser) {
        return browser.find(SideNav.class).single().getItems().stream().map(SideNavItem::getLabel).toList();
    }

    private static HasElement open(BrowserlessUIContext browser, String address) {
        browser.getUI().navigate(address);
        return browser.getCurrentView();
    }

    /** In production mode Vaadin answers a view the user may not open as if it did not exist. */
    private static void assertRefused(BrowserlessUIContext browser, String address) {
        assertThat(open(browser, address)).as(address).isInstanceOf(RouteNotFoundError.class);
        assertThat(browser.find(BotsView.class).exists()).isFalse();
        assertThat(browser.find(BotSettingsView.class).exists()).isFalse();
        assertThat(browser.find(EmbedView.class).exists()).isFalse();
        assertThat(browser.find(TeamView.class).exists()).isFalse();
        assertThat(browser.find(DashboardView.class).exists()).isFalse();
        assertThat(browser.find(AccountView.class).exists()).isFalse();
    }
}
