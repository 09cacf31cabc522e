package dev.parley.console.integrations;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.parley.console.support.FieldErrors;
import dev.parley.console.support.IconButtons;
import dev.parley.tenancy.ApiKeyService;
import dev.parley.tenancy.ApiScope;
import dev.parley.tenancy.InvalidInputException;
import jakarta.annotation.security.RolesAllowed;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.stream.Collectors;

/** Tenant API keys: create with scopes (the key is shown once), see when each was last used, revoke. */
@Route("integrations/api-keys")
@PageTitle("API keys · Parley")
@RolesAllowed({"OWNER", "ADMIN"})
public class ApiKeysView extends Div {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm").withZone(ZoneOffset.UTC); // as the audit filters

    final Grid<ApiKeyService.ApiKey> keys = new Grid<>();
    final Button create = new Button("Create API key", VaadinIcon.PLUS.create());
    final Div empty = new Div();
    final TextField name = new TextField("Name");
    final CheckboxGroup<ApiScope> scopes = new CheckboxGroup<>("Scopes");
    final Dialog createDialog = new Dialog();
    final Button saveKey = new Button("Create key");
    SecretDialog shown;

    private final ApiKeyService service;
    private final FieldErrors errors;

    public ApiKeysView(ApiKeyService service) {
        this.service = service;
        addClassName("parley-page");
        Paragraph lead = new Paragraph("Keys let your own systems use Parley's API (documents, conversations, chat). "
                + "Give each system its own key with only the scopes it needs. Times are in UTC.");
        lead.addClassName("parley-lead");

        keys.addComponentColumn(ApiKeysView::summary).setHeader("Key").setFlexGrow(4);
        keys.addColumn(k -> k.lastUsedAt() == null ? "Never" : TIME.format(k.lastUsedAt())).setHeader("Last used").setFlexGrow(2);
        keys.addColumn(k -> k.revokedAt() == null ? "Active" : "Revoked " + TIME.format(k.revokedAt())).setHeader("Status").setFlexGrow(2);
        keys.addComponentColumn(k -> {
            Button revoke = IconButtons.of(VaadinIcon.BAN, "Revoke " + k.name(), () -> confirmRevoke(k));
            revoke.addThemeVariants(ButtonVariant.LUMO_ERROR);
            revoke.setVisible(k.revokedAt() == null);
            return revoke;
        }).setHeader("").setAutoWidth(true).setFlexGrow(0);
        keys.setAllRowsVisible(true);
        keys.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);

        empty.add(new Paragraph("No API keys yet. Create one for each system that talks to Parley, "
                + "for example a script that uploads your help center every night."));
        empty.addClassNames("parley-empty", "parley-card");

        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(click -> openCreate());
        buildCreateDialog();
        errors = new FieldErrors(new Div(), Map.of("name", name, "scopes", scopes));

        add(IntegrationTabs.current(ApiKeysView.class), new H2("API keys"), lead, create, empty, keys);
        create.getStyle().set("margin-bottom", "var(--lumo-space-m)");
        refresh();
    }

    /** Name, the key's public part and its scopes, stacked: one column that also reads on a phone. */
    private static Div summary(ApiKeyService.ApiKey k) {
        Span key = new Span("prly_" + k.prefix() + "_…");
        key.addClassName("parley-key");
        Span scopes = new Span(k.scopes().stream().map(ApiKeysView::label).collect(Collectors.joining(", "))
                + " · created " + TIME.format(k.createdAt()));
        scopes.addClassName("parley-secondary");
        Div cell = new Div(new Span(k.name()), key, scopes);
        cell.addClassName("parley-doc-title");
        return cell;
    }

    static String label(ApiScope scope) {
        return switch (scope) {
            case KNOWLEDGE_READ -> "Read knowledge";
            case KNOWLEDGE_WRITE -> "Change knowledge";
            case CONVERSATIONS_READ -> "Read conversations";
            case CHAT -> "Chat";
        };
    }

    private void buildCreateDialog() {
        createDialog.setHeaderTitle("Create an API key");
        name.setPlaceholder("Nightly help-center sync");
        name.setWidthFull();
        name.setMaxLength(80);
        scopes.setItems(ApiScope.values());
        scopes.setItemLabelGenerator(ApiKeysView::label);
        saveKey.addClickListener(click -> createKey());
        saveKey.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        createDialog.add(name, scopes);
        createDialog.getFooter().add(new Button("Cancel", click -> createDialog.close()), saveKey);
        createDialog.setWidth("min(520px, 95vw)");
    }

    private void openCreate() {
        errors.clear();
        name.clear();
        scopes.clear();
        createDialog.open();
    }

    private void createKey() {
        try {
            ApiKeyService.CreatedKey created = service.create(name.getValue(), scopes.getValue());
            createDialog.close();
            shown = new SecretDialog("API key " + created.key().name(), "Secret key", created.secretKey(),
                    "Send it as \"Authorization: Bearer <key>\".");
            shown.open();
            refresh();
        } catch (InvalidInputException e) {
            errors.show(e);
        }
    }

    private void confirmRevoke(ApiKeyService.ApiKey key) {
        ConfirmDialog confirm = new ConfirmDialog("Revoke " + key.name() + "?",
                "Requests with this key fail from now on. This cannot be undone; create a new key to replace it.", "Revoke",
                ok -> {
                    service.revoke(key.id());
                    refresh();
                });
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }

    private void refresh() {
        var list = service.list();
        keys.setItems(list);
        keys.setVisible(!list.isEmpty());
        empty.setVisible(list.isEmpty());
    }

    static String when(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }
}
