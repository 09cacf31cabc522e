package dev.parley.console.layout;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.parley.console.account.AccountView;
import dev.parley.console.auth.SessionSignIn;
import dev.parley.console.bots.BotsView;
import dev.parley.console.conversations.ConversationsView;
import dev.parley.console.live.BackgroundNotices;
import dev.parley.console.live.LiveUpdates;
import dev.parley.console.unanswered.UnansweredView;
import dev.parley.console.dashboard.DashboardView;
import dev.parley.console.home.HomeView;
import dev.parley.console.integrations.ApiKeysView;
import dev.parley.console.knowledge.KnowledgeView;
import dev.parley.console.team.TeamView;
import dev.parley.tenancy.AccountService;
import dev.parley.knowledge.KnowledgeService;
import dev.parley.tenancy.ParleyPrincipal;
import dev.parley.tenancy.Role;
import jakarta.annotation.security.PermitAll;

/** The frame of every signed-in view: navigation by role, workspace switcher, sign-out. */
@Layout
@PermitAll
public class MainLayout extends AppLayout {

    final Select<ParleyPrincipal.Workspace> workspaceSwitcher = new Select<>();

    public MainLayout(AuthenticationContext auth, AccountService accounts, LiveUpdates live, KnowledgeService knowledge) {
        ParleyPrincipal me = auth.getAuthenticatedUser(ParleyPrincipal.class).orElseThrow();

        Div brand = new Div(new Image("icons/parley.svg", ""), new Span("Parley"));
        brand.addClassName("parley-brand");
        brand.getStyle().set("padding", "var(--lumo-space-m)");

        SideNav nav = new SideNav();
        nav.addItem(new SideNavItem("Overview", HomeView.class, VaadinIcon.HOME.create()));
        if (me.role().managesBots()) {
            nav.addItem(new SideNavItem("Dashboard", DashboardView.class, VaadinIcon.CHART.create()));
            nav.addItem(new SideNavItem("Bots", BotsView.class, VaadinIcon.COMMENTS.create()));
        }
        if (me.role().managesKnowledge()) {
            nav.addItem(new SideNavItem("Knowledge", KnowledgeView.class, VaadinIcon.BOOK.create()));
        }
        if (me.role() != Role.EDITOR) {
            nav.addItem(new SideNavItem("Conversations", ConversationsView.class, VaadinIcon.CHAT.create()));
        }
        nav.addItem(new SideNavItem("Unanswered", UnansweredView.class, VaadinIcon.QUESTION_CIRCLE.create()));
        if (me.role().managesTeam()) nav.addItem(new SideNavItem("Team", TeamView.class, VaadinIcon.USERS.create()));
        if (me.role().managesIntegrations()) {
            SideNavItem integrations = new SideNavItem("Integrations", ApiKeysView.class, VaadinIcon.CONNECT.create());
            integrations.setPathAliases(java.util.Set.of("integrations/webhooks", "integrations/audit-log"));
            nav.addItem(integrations);
        }
        if (me.role().managesBots()) nav.addItem(new SideNavItem("Account", AccountView.class, VaadinIcon.COG.create()));
        addToDrawer(brand, nav, new BackgroundNotices(live, knowledge, me.tenant().value(), me.role().managesIntegrations()));

        workspaceSwitcher.setAriaLabel("Workspace");
        workspaceSwitcher.setItems(me.workspaces());
        workspaceSwitcher.setItemLabelGenerator(w -> w.name() + " · " + w.role().label());
        me.workspaces().stream().filter(w -> w.id().equals(me.tenant())).findFirst().ifPresent(workspaceSwitcher::setValue);
        workspaceSwitcher.setVisible(me.workspaces().size() > 1);
        workspaceSwitcher.addValueChangeListener(change -> {
            if (change.isFromClient() && change.getValue() != null && !change.getValue().id().equals(me.tenant())) {
                SessionSignIn.signIn(accounts.switchTo(change.getValue().id()));
                UI.getCurrent().getPage().setLocation("/");
            }
        });

        Span workspaceName = new Span(me.tenantName());
        workspaceName.getStyle().set("font-weight", "600");
        workspaceName.setVisible(me.workspaces().size() <= 1);
        Span who = new Span(me.displayName());
        who.getStyle().set("color", "var(--lumo-secondary-text-color)");
        Button signOut = new Button("Sign out", VaadinIcon.SIGN_OUT.create(), click -> auth.logout());
        signOut.addThemeVariants(ButtonVariant.LUMO_TERTIARY);

        HorizontalLayout spacer = new HorizontalLayout();
        HorizontalLayout bar = new HorizontalLayout(new DrawerToggle(), workspaceName, workspaceSwitcher, spacer, who, signOut);
        bar.setWidthFull();
        bar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        bar.expand(spacer);
        bar.getStyle().set("padding-right", "var(--lumo-space-m)");
        addToNavbar(bar);
    }
}
