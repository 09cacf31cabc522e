package dev.parley.console.home;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteAlias;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.parley.console.bots.BotsView;
import dev.parley.console.team.TeamView;
import dev.parley.tenancy.Bot;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.ParleyPrincipal;
import dev.parley.tenancy.TeamService;
import jakarta.annotation.security.PermitAll;
import java.util.List;

/** What every member sees first: the workspace's bots, its team size and what their role lets them do. */
@Route("overview")
@RouteAlias("")
@PageTitle("Overview · Parley")
@PermitAll
public class HomeView extends Div {

    public HomeView(AuthenticationContext auth, BotService bots, TeamService team) {
        addClassName("parley-page");
        ParleyPrincipal me = auth.getAuthenticatedUser(ParleyPrincipal.class).orElseThrow();
        List<Bot> botList = bots.list();
        int members = team.members().size();

        Paragraph lead = new Paragraph("You are " + me.role().label().toLowerCase() + " of " + me.tenantName()
                + ": " + me.role().description().toLowerCase() + ".");
        lead.addClassName("parley-lead");
        add(new H2("Welcome, " + me.displayName()), lead);

        FlexLayout stats = new FlexLayout(stat(botList.size(), botList.size() == 1 ? "bot" : "bots"),
                stat(members, members == 1 ? "member" : "members"));
        stats.getStyle().set("gap", "var(--lumo-space-m)").set("flex-wrap", "wrap");
        add(stats);
        if (me.role().managesBots()) {
            Paragraph dashboard = new Paragraph("How are they doing? ");
            dashboard.add(new RouterLink("Open the dashboard", dev.parley.console.dashboard.DashboardView.class));
            add(dashboard);
        }

        add(new H3("Bots"));
        if (botList.isEmpty()) {
            Div empty = new Div(new Paragraph("This workspace has no bot yet."));
            empty.addClassName("parley-empty");
            if (me.role().managesBots()) empty.add(new RouterLink("Create your first bot", BotsView.class));
            else empty.add(new Paragraph("Ask an admin to create one."));
            add(empty);
        } else {
            for (Bot bot : botList) add(botCard(bot, me));
        }
        if (me.role().managesTeam() && members == 1) {
            Paragraph invite = new Paragraph("Working with others? ");
            invite.add(new RouterLink("Invite your team", TeamView.class));
            add(invite);
        }
    }

    private static Div stat(int value, String label) {
        Div card = new Div(new com.vaadin.flow.component.html.Span(String.valueOf(value)), new Span(label));
        card.addClassNames("parley-card", "parley-stat");
        card.setMinWidth("160px");
        return card;
    }

    private static Div botCard(Bot bot, ParleyPrincipal me) {
        Span swatch = new Span();
        swatch.addClassName("parley-swatch");
        swatch.getStyle().set("background", bot.settings().color());
        H3 title = new H3();
        title.add(swatch, new Span(bot.name()));
        title.getStyle().set("margin", "0");
        int origins = bot.settings().allowedOrigins().size();
        Paragraph details = new Paragraph((origins == 0 ? "Not allowed on any site yet"
                : "Allowed on " + origins + (origins == 1 ? " site" : " sites")) + " · language " + bot.settings().language());
        details.addClassName("parley-lead");
        details.getStyle().set("margin", "var(--lumo-space-xs) 0");
        Div card = new Div(title, details);
        card.addClassName("parley-card");
        card.getStyle().set("margin-bottom", "var(--lumo-space-s)");
        if (me.role().managesBots()) {
            card.add(new RouterLink("Edit settings", dev.parley.console.bots.BotSettingsView.class,
                    new com.vaadin.flow.router.RouteParameters("botId", bot.id().toString())));
        }
        return card;
    }
}
