package dev.parley.console.integrations;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.Tabs;
import com.vaadin.flow.router.RouterLink;
import java.util.List;

/** The Integrations area's three pages as tabs; each page is its own route, so links and Back work. */
final class IntegrationTabs {
    private IntegrationTabs() {}

    static Tabs current(Class<? extends Component> page) {
        List<Class<? extends Component>> pages = List.of(ApiKeysView.class, WebhooksView.class, AuditLogView.class);
        List<String> labels = List.of("API keys", "Webhooks", "Audit log");
        Tabs tabs = new Tabs();
        for (int i = 0; i < pages.size(); i++) {
            Tab tab = new Tab(new RouterLink(labels.get(i), pages.get(i)));
            tabs.add(tab);
            if (pages.get(i) == page) tabs.setSelectedTab(tab);
        }
        tabs.addClassName("parley-tabs");
        tabs.setWidthFull();
        return tabs;
    }
}
