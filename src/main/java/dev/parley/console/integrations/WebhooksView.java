package dev.parley.console.integrations;

import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.badge.BadgeVariant;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.parley.console.support.IconButtons;
import dev.parley.webhooks.WebhookEvent;
import dev.parley.webhooks.WebhookService;
import dev.parley.webhooks.Webhooks;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;
import java.util.stream.Collectors;

/** Webhook endpoints: add, edit, switch off, send a test event, rotate the secret, and read the delivery log. */
@Route("integrations/webhooks")
@PageTitle("Webhooks · Parley")
@RolesAllowed({"OWNER", "ADMIN"})
public class WebhooksView extends Div {

    static final String VERIFY_SAMPLE = """
            # Python: verify a Parley webhook (secret = the endpoint's whsec_… secret)
            import hmac, hashlib, time
            def verify(secret: str, header: str, body: bytes, tolerance=300) -> bool:
                parts = dict(p.split("=", 1) for p in header.split(","))
                signed = parts["t"].encode() + b"." + body
                expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
                fresh = abs(time.time() - int(parts["t"])) <= tolerance
                return fresh and hmac.compare_digest(expected, parts["v1"])
            # verify(secret, request.headers["Parley-Signature"], request.body)""";

    final Grid<Webhooks.Endpoint> endpoints = new Grid<>();
    final Button add = new Button("Add endpoint", VaadinIcon.PLUS.create());
    final Div empty = new Div();
    final Div failing = new Div();
    final DeliveryLog log;
    EndpointDialog dialog;
    SecretDialog shown;

    private final WebhookService service;

    public WebhooksView(WebhookService service) {
        this.service = service;
        this.log = new DeliveryLog(service);
        addClassName("parley-page");
        Paragraph lead = new Paragraph("Parley POSTs a signed JSON event to your endpoints when something happens: "
                + "a conversation starts or is resolved, a question goes unanswered, an answer gets a thumbs down, "
                + "a document is ready or failed. Failed deliveries are retried for about an hour.");
        lead.addClassName("parley-lead");

        endpoints.addComponentColumn(e -> {
            Div cell = new Div(new Span(e.url()));
            cell.addClassName("parley-doc-title");
            if (!e.description().isEmpty()) cell.add(secondary(e.description()));
            cell.add(secondary(e.events().stream().map(WebhookEvent::type).collect(Collectors.joining(", "))));
            return cell;
        }).setHeader("Endpoint and events").setFlexGrow(4);
        endpoints.addComponentColumn(WebhooksView::state).setHeader("Status").setWidth("7.5em").setFlexGrow(0);
        endpoints.addComponentColumn(this::actions).setHeader("").setAutoWidth(true).setFlexGrow(0);
        endpoints.setAllRowsVisible(true);
        endpoints.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        endpoints.addItemClickListener(click -> log.show(click.getItem()));

        empty.add(new Paragraph("No endpoints yet. Add the URL of a service that should hear about conversations "
                + "and documents, for example a Slack relay or your CRM."));
        empty.addClassNames("parley-empty", "parley-card");
        failing.addClassNames("parley-card", "parley-failure");
        add.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add.addClickListener(click -> openDialog(null));
        add.getStyle().set("margin-bottom", "var(--lumo-space-m)");

        Pre sample = new Pre(VERIFY_SAMPLE);
        sample.addClassName("parley-code");
        Details verify = new Details("How to verify a delivery", new Paragraph("Each request carries Parley-Signature: "
                + "t=<unix time>,v1=<hex>, an HMAC-SHA256 with the endpoint's secret over \"<t>.<raw body>\". "
                + "Recompute it, compare in constant time, and reject timestamps older than five minutes. "
                + "Parley-Delivery is a unique id: use it to ignore a delivery you already handled. Answer 2xx within 10 seconds; "
                + "410 Gone switches the endpoint off."), sample);
        verify.addClassName("parley-section");

        add(IntegrationTabs.current(WebhooksView.class), new H2("Webhooks"), lead, add, failing, empty, endpoints, log, verify);
        refresh();
    }

    static Span secondary(String text) {
        Span span = new Span(text);
        span.addClassName("parley-secondary");
        return span;
    }

    private static Badge state(Webhooks.Endpoint e) {
        if (!e.enabled()) {
            Badge off = new Badge("Off");
            off.addThemeVariants(BadgeVariant.CONTRAST);
            if (!e.disabledReason().isEmpty()) off.getElement().setAttribute("title", e.disabledReason());
            return off;
        }
        if (e.failingSince() != null) {
            Badge bad = new Badge("Failing");
            bad.addThemeVariants(BadgeVariant.ERROR);
            return bad;
        }
        Badge ok = new Badge("Active");
        ok.addThemeVariants(BadgeVariant.SUCCESS);
        return ok;
    }

    private HorizontalLayout actions(Webhooks.Endpoint e) {
        Button delete = IconButtons.of(VaadinIcon.TRASH, "Delete " + e.url(), () -> confirmDelete(e));
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        HorizontalLayout row = new HorizontalLayout(
                IconButtons.of(VaadinIcon.PAPERPLANE, "Send test event to " + e.url(), () -> sendTest(e)),
                IconButtons.of(VaadinIcon.EDIT, "Edit " + e.url(), () -> openDialog(e)),
                IconButtons.of(VaadinIcon.KEY, "New secret for " + e.url(), () -> confirmRotate(e)),
                delete);
        row.setSpacing(false);
        return row;
    }

    void sendTest(Webhooks.Endpoint e) {
        service.sendTest(e.id());
        Notification.show("Test event queued for " + e.url() + ". Its delivery appears below.", 3000, Notification.Position.BOTTOM_START);
        log.show(e);
    }

    void openDialog(Webhooks.Endpoint existing) {
        dialog = new EndpointDialog(existing, input -> {
            if (existing == null) {
                Webhooks.CreatedEndpoint created = service.create(input);
                shown = new SecretDialog("Endpoint added", "Signing secret", created.secret(),
                        "Parley signs every delivery to " + created.endpoint().url() + " with this secret.");
                shown.open();
            } else {
                service.update(existing.id(), input);
            }
            refresh();
            return true;
        });
        dialog.open();
    }

    private void confirmRotate(Webhooks.Endpoint e) {
        ConfirmDialog confirm = new ConfirmDialog("New signing secret?", "The current secret stops working at once: "
                + "deliveries after this are signed with the new one, so update your receiver right away.", "Create new secret", ok -> {
            shown = new SecretDialog("New signing secret", "Signing secret", service.rotateSecret(e.id()),
                    "Deliveries to " + e.url() + " are signed with this secret from now on.");
            shown.open();
        });
        confirm.setCancelable(true);
        confirm.open();
    }

    private void confirmDelete(Webhooks.Endpoint e) {
        ConfirmDialog confirm = new ConfirmDialog("Delete this endpoint?", e.url() + " receives no more events, "
                + "and its delivery log is deleted with it.", "Delete", ok -> {
            service.delete(e.id());
            if (e.id().equals(log.endpointId())) log.setVisible(false);
            refresh();
        });
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }

    private void refresh() {
        List<Webhooks.Endpoint> list = service.endpoints();
        endpoints.setItems(list);
        endpoints.setVisible(!list.isEmpty());
        empty.setVisible(list.isEmpty());
        List<String> bad = list.stream().filter(e -> e.failingSince() != null).map(Webhooks.Endpoint::url).toList();
        failing.setText(bad.isEmpty() ? "" : "Deliveries are failing to " + String.join(", ", bad)
                + ". Open an endpoint to see the responses; fix the receiver, then switch it on again or send a test event.");
        failing.setVisible(!bad.isEmpty());
    }
}
