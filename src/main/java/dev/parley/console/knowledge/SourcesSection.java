package dev.parley.console.knowledge;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import dev.parley.console.support.IconButtons;
import dev.parley.knowledge.KnowledgeSource;
import dev.parley.knowledge.UploadRefused;
import dev.parley.knowledge.WebSources;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The "Websites" part of the Knowledge page: the bot's web sources with their sync status, re-sync
 * and delete. The page's polling drives {@link #refresh}; a change here asks the page to refresh
 * as a whole, because a sync adds and removes documents too.
 */
class SourcesSection extends Div {

    final Grid<KnowledgeSource> grid = new Grid<>();
    final Div empty = new Div();

    private final WebSources web;
    private final Runnable changed;

    SourcesSection(WebSources web, Runnable changed) {
        this.web = web;
        this.changed = changed;
        grid.addComponentColumn(this::addressCell).setHeader("Website").setFlexGrow(4);
        grid.addColumn(s -> SourceLabels.kind(s.kind())).setHeader("Kind").setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(s -> SourceLabels.badge(s.status())).setHeader("Status").setWidth("8.5em").setFlexGrow(0);
        grid.addColumn(SourceLabels::pages).setHeader("Pages").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(s -> s.lastSyncedAt() == null ? "never" : DocumentLabels.age(s.lastSyncedAt(), Instant.now()))
                .setHeader("Last synced").setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(this::actions).setAutoWidth(true).setFlexGrow(0);
        grid.addThemeVariants(GridVariant.LUMO_NO_BORDER, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.setAllRowsVisible(true);
        grid.setSelectionMode(Grid.SelectionMode.NONE);
        empty.addClassName("parley-empty");
        empty.add(new Paragraph("No websites yet. Add a page, a whole site or a sitemap and Parley keeps its pages in the knowledge."));
        addClassName("parley-sources");
        add(new H3("Websites"), grid, empty);
    }

    /** Reloads the list; true while a source is still queued or syncing. */
    boolean refresh(UUID bot) {
        List<KnowledgeSource> list = web.listSources(bot);
        grid.setItems(list);
        grid.setVisible(!list.isEmpty());
        empty.setVisible(list.isEmpty());
        return list.stream().anyMatch(s -> SourceLabels.inProgress(s.status()));
    }

    List<KnowledgeSource> shown() {
        return grid.getListDataView().getItems().toList();
    }

    private Component addressCell(KnowledgeSource source) {
        Div cell = new Div(new Span(source.url()));
        cell.addClassName("parley-doc-title");
        String detail = source.lastError() != null ? source.lastError() : source.note();
        if (detail != null) {
            Span span = new Span(detail);
            span.addClassName("parley-secondary");
            if (source.lastError() != null) span.addClassName("parley-failure");
            cell.add(span);
        }
        return cell;
    }

    private Component actions(KnowledgeSource source) {
        Button resync = IconButtons.of(VaadinIcon.REFRESH, "Re-sync " + source.url(), () -> resync(source));
        resync.setEnabled(!SourceLabels.inProgress(source.status()));
        Button delete = IconButtons.of(VaadinIcon.TRASH, "Delete " + source.url(), () -> confirmDelete(source));
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        HorizontalLayout actions = new HorizontalLayout(resync, delete);
        actions.setSpacing(false);
        return actions;
    }


    private void resync(KnowledgeSource source) {
        try {
            web.resync(source.id());
            Notification.show("Re-syncing " + source.url() + "…", 3000, Notification.Position.BOTTOM_START);
        } catch (UploadRefused e) {
            Notification.show(e.getMessage(), 6000, Notification.Position.MIDDLE);
        }
        changed.run();
    }

    private void confirmDelete(KnowledgeSource source) {
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setHeader("Delete " + source.url() + "?");
        confirm.setText("Its pages leave the bot's knowledge at once. This cannot be undone.");
        confirm.setCancelable(true);
        confirm.setConfirmText("Delete");
        confirm.setConfirmButtonTheme("error primary");
        confirm.addConfirmListener(ok -> {
            web.deleteSource(source.id());
            Notification.show("Deleted " + source.url() + ".", 3000, Notification.Position.BOTTOM_START);
            changed.run();
        });
        confirm.open();
    }
}
