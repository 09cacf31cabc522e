package dev.parley.console;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Meta;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.server.AppShellSettings;
import com.vaadin.flow.theme.lumo.Lumo;

/**
 * The page around every console view: Lumo theme, page title, no third-party requests. Push (a
 * WebSocket, falling back to long polling) lets background events update open views.
 */
@Push
@StyleSheet(Lumo.STYLESHEET)
@StyleSheet("context://styles/console.css")
@Meta(name = "referrer", content = "same-origin")
class ConsoleShell implements AppShellConfigurator {

    @Override
    public void configurePage(AppShellSettings settings) {
        settings.setPageTitle("Parley");
        settings.addFavIcon("icon", "icons/parley.svg", "any");
    }
}
