package dev.parley.console.bots;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.Tabs;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import java.util.UUID;

/** The pages of one bot: its settings (with the live preview) and how to embed it. */
class BotTabs extends Tabs {

    final Tab settings;
    final Tab embed;

    BotTabs(UUID botId, Class<? extends Component> current) {
        RouteParameters bot = new RouteParameters("botId", botId.toString());
        settings = new Tab(new RouterLink("Settings", BotSettingsView.class, bot));
        embed = new Tab(new RouterLink("Embed & install", EmbedView.class, bot));
        add(settings, embed);
        setSelectedTab(current == EmbedView.class ? embed : settings);
        addClassName("parley-bot-tabs");
    }
}
