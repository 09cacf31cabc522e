package dev.parley.console.integrations;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.parley.tenancy.AuditEntries;
import jakarta.annotation.security.RolesAllowed;

/** Who did what in this workspace, newest first, filtered by actor, action and dates; loaded a page at a time. */
@Route("integrations/audit-log")
@PageTitle("Audit log · Parley")
@RolesAllowed({"OWNER", "ADMIN"})
public class AuditLogView extends Div {

    final TextField actor = new TextField("Actor");
    final ComboBox<String> action = new ComboBox<>("Action");
    final DatePicker from = new DatePicker("From");
    final DatePicker to = new DatePicker("To");
    final Button clear = new Button("Clear filters");
    final Grid<AuditEntries.Entry> entries = new Grid<>();

    private final AuditEntries service;

    public AuditLogView(AuditEntries service) {
        this.service = service;
        addClassName("parley-page");
        Paragraph lead = new Paragraph("Sign-ins, team changes, API keys, webhooks and bot deletions, newest first. "
                + "Times and dates are in UTC.");
        lead.addClassName("parley-lead");

        actor.setPlaceholder("name@example.com");
        actor.setClearButtonVisible(true);
        actor.setValueChangeMode(ValueChangeMode.LAZY);
        action.setItems(service.actions());
        action.setClearButtonVisible(true);
        action.setPlaceholder("Any");
        from.setClearButtonVisible(true);
        to.setClearButtonVisible(true);
        to.setManualValidation(true);
        actor.addValueChangeListener(change -> reload());
        action.addValueChangeListener(change -> reload());
        from.addValueChangeListener(change -> reload());
        to.addValueChangeListener(change -> reload());
        clear.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        clear.addClickListener(click -> {
            actor.clear();
            action.clear();
            from.clear();
            to.clear();
        });
        HorizontalLayout filters = new HorizontalLayout(actor, action, from, to, clear);
        filters.setWrap(true);
        filters.setAlignItems(FlexComponent.Alignment.BASELINE);
        filters.getStyle().set("margin-bottom", "var(--lumo-space-s)");

        entries.addColumn(e -> ApiKeysView.when(e.occurredAt())).setHeader("When").setFlexGrow(1);
        entries.addComponentColumn(e -> {
            Div cell = new Div(new Span(e.action()));
            cell.addClassName("parley-doc-title");
            if (!e.target().isEmpty()) cell.add(WebhooksView.secondary(e.target()));
            if (!e.details().isEmpty()) cell.add(WebhooksView.secondary(e.details()));
            return cell;
        }).setHeader("Action").setFlexGrow(3);
        entries.addColumn(AuditEntries.Entry::actor).setHeader("Actor").setFlexGrow(2);
        entries.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_COMPACT);
        entries.setEmptyStateText("Nothing matches these filters. Clear them to see the whole log.");
        entries.setHeight("600px");

        add(IntegrationTabs.current(AuditLogView.class), new H2("Audit log"), lead, filters, entries);
        reload();
    }

    private void reload() {
        to.setInvalid(false);
        if (from.getValue() != null && to.getValue() != null && to.getValue().isBefore(from.getValue())) {
            to.setErrorMessage("The end date is before the start date.");
            to.setInvalid(true);
            entries.setItems(java.util.List.of());
            return;
        }
        AuditEntries.Filter filter = new AuditEntries.Filter(actor.getValue(), action.getValue(), from.getValue(), to.getValue());
        entries.setItems(query -> service.page(filter, query.getOffset(), query.getLimit()).stream(), query -> service.count(filter));
    }
}
