package dev.parley.console.integrations;

import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.badge.BadgeVariant;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import dev.parley.webhooks.WebhookService;
import dev.parley.webhooks.Webhooks;
import java.util.UUID;

/**
 * One endpoint's deliveries, newest first, loaded a page at a time; opening a row shows each of its
 * attempts with response code, duration and outcome.
 */
final class DeliveryLog extends Div {

    static final java.time.format.DateTimeFormatter SECONDS =
            java.time.format.DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm:ss").withZone(java.time.ZoneOffset.UTC);

    final H3 title = new H3("Deliveries");
    final Grid<Webhooks.Delivery> deliveries = new Grid<>();
    final Button refresh = new Button("Refresh", VaadinIcon.REFRESH.create());
    private final WebhookService service;
    private UUID endpointId;

    DeliveryLog(WebhookService service) {
        this.service = service;
        addClassName("parley-section");
        deliveries.addComponentColumn(d -> {
            Div cell = new Div(new Span(d.eventType()), WebhooksView.secondary(ApiKeysView.when(d.createdAt())));
            cell.addClassName("parley-doc-title");
            return cell;
        }).setHeader("Event").setFlexGrow(2);
        deliveries.addComponentColumn(d -> status(d.status())).setHeader("Status").setWidth("8em").setFlexGrow(0);
        deliveries.addColumn(Webhooks.Delivery::attempts).setHeader("Tries").setAutoWidth(true).setFlexGrow(0);
        deliveries.addColumn(d -> d.status().equals("PENDING") && d.nextAttemptAt() != null
                ? d.lastOutcome() + (d.lastOutcome().isEmpty() ? "" : " · ") + "next try " + ApiKeysView.when(d.nextAttemptAt())
                : d.lastOutcome()).setHeader("Last response").setFlexGrow(3);
        deliveries.setItemDetailsRenderer(new ComponentRenderer<>(this::attempts));
        deliveries.setDetailsVisibleOnClick(true);
        deliveries.setEmptyStateText("No deliveries yet. Send a test event to see one here.");
        deliveries.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_COMPACT);
        deliveries.setHeight("420px");
        refresh.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        refresh.addClickListener(click -> deliveries.getDataProvider().refreshAll());
        HorizontalLayout header = new HorizontalLayout(title, refresh);
        header.setAlignItems(FlexComponent.Alignment.BASELINE);
        header.setWidthFull();
        header.expand(title);
        add(header, deliveries);
        setVisible(false);
    }

    void show(Webhooks.Endpoint endpoint) {
        endpointId = endpoint.id();
        title.setText("Deliveries to " + endpoint.url());
        deliveries.setItems(query -> service.deliveries(endpointId, query.getOffset(), query.getLimit()).stream(),
                query -> service.countDeliveries(endpointId));
        setVisible(true);
    }

    UUID endpointId() {
        return endpointId;
    }

    private Div attempts(Webhooks.Delivery delivery) {
        Div list = new Div();
        list.addClassName("parley-attempts");
        for (Webhooks.Attempt a : service.attempts(delivery.id())) {
            // Seconds matter here: they show the pauses between retries.
            Div row = new Div(new Span("Attempt " + a.attempt()), new Span(SECONDS.format(a.startedAt())),
                    new Span(a.statusCode() == null ? "No response" : "HTTP " + a.statusCode()), new Span(a.durationMs() + " ms"));
            if (a.statusCode() == null) row.add(new Span(a.detail()));
            row.addClassName("parley-attempt");
            list.add(row);
        }
        if (list.getComponentCount() == 0) list.add(new Span("Not attempted yet."));
        return list;
    }

    static Badge status(String status) {
        Badge badge = new Badge(switch (status) {
            case "DELIVERED" -> "Delivered";
            case "FAILED" -> "Failed";
            default -> "Pending";
        });
        badge.addThemeVariants(switch (status) {
            case "DELIVERED" -> BadgeVariant.SUCCESS;
            case "FAILED" -> BadgeVariant.ERROR;
            default -> BadgeVariant.CONTRAST;
        });
        return badge;
    }
}
