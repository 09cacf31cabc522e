package dev.parley.console.bots;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import dev.parley.tenancy.Bot;
import dev.parley.tenancy.BotService;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;

/** The workspace's bots; a click opens a bot's settings. */
@Route("bots")
@PageTitle("Bots · Parley")
@RolesAllowed({"OWNER", "ADMIN"})
public class BotsView extends Div {

    final Grid<Bot> grid = new Grid<>();
    final Button newBot = new Button("New bot", VaadinIcon.PLUS.create());

    public BotsView(BotService bots) {
        addClassName("parley-page");
        newBot.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        newBot.addClickListener(click -> openSettings("new"));
        HorizontalLayout header = new HorizontalLayout(new H2("Bots"), newBot);
        header.setWidthFull();
        header.setJustifyContentMode(com.vaadin.flow.component.orderedlayout.FlexComponent.JustifyContentMode.BETWEEN);
        header.setAlignItems(com.vaadin.flow.component.orderedlayout.FlexComponent.Alignment.CENTER);
        Paragraph lead = new Paragraph("Each bot has its own persona, look and allowed sites, and its own embed snippet.");
        lead.addClassName("parley-lead");

        grid.addComponentColumn(BotsView::nameCell).setHeader("Name").setFlexGrow(2);
        grid.addColumn(b -> b.settings().allowedOrigins().isEmpty() ? "None yet"
                : String.join(", ", b.settings().allowedOrigins())).setHeader("Allowed sites").setFlexGrow(3);
        grid.addColumn(b -> b.settings().language().toUpperCase()).setHeader("Language").setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(this::embedButton).setHeader("Embed").setAutoWidth(true).setFlexGrow(0);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.setAllRowsVisible(true);
        grid.addItemClickListener(click -> openSettings(click.getItem().id().toString()));

        List<Bot> list = bots.list();
        grid.setItems(list);
        Div empty = new Div(new Paragraph("No bots yet. A bot answers your visitors from your documents."),
                new Button("Create your first bot", click -> openSettings("new")));
        empty.addClassName("parley-empty");
        grid.setVisible(!list.isEmpty());
        empty.setVisible(list.isEmpty());
        add(header, lead, grid, empty);
    }

    private static Span nameCell(Bot bot) {
        Span swatch = new Span();
        swatch.addClassName("parley-swatch");
        swatch.getStyle().set("background", bot.settings().color());
        return new Span(swatch, new Span(bot.name()));
    }

    /** Straight to the snippet and install check; the click does not also open the row's settings. */
    private Button embedButton(Bot bot) {
        Button embed = new Button(VaadinIcon.CODE.create());
        embed.addThemeVariants(ButtonVariant.LUMO_ICON, ButtonVariant.LUMO_TERTIARY);
        embed.setAriaLabel("Embed " + bot.name());
        embed.setTooltipText("Snippet, allowed sites and install check");
        embed.addClickListener(click -> getUI().ifPresent(ui -> ui.navigate(EmbedView.class,
                new RouteParameters("botId", bot.id().toString()))));
        embed.getElement().addEventListener("click", e -> {}).stopPropagation();
        return embed;
    }

    private void openSettings(String botId) {
        getUI().ifPresent(ui -> ui.navigate(BotSettingsView.class, new RouteParameters("botId", botId)));
    }
}
