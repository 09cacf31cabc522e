package dev.parley.console.account;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.parley.analytics.UsageService;
import dev.parley.console.auth.SessionSignIn;
import dev.parley.console.support.FieldErrors;
import dev.parley.tenancy.AccountService;
import dev.parley.tenancy.AnswerSettings;
import dev.parley.tenancy.Bot;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.InvalidInputException;
import dev.parley.tenancy.ParleyPrincipal;
import dev.parley.tenancy.Role;
import dev.parley.tenancy.WorkspaceService;
import jakarta.annotation.security.RolesAllowed;
import java.util.Map;

/** The workspace itself: its name, this month's usage against its limits, how bots answer, and deleting it. */
@Route("account")
@PageTitle("Account · Parley")
@RolesAllowed({"OWNER", "ADMIN"})
@StyleSheet("context://styles/analytics.css")
public class AccountView extends Div {

    final TextField name = new TextField("Workspace name");
    final Button saveName = new Button("Save name");
    final Div nameError = new Div();
    final Button delete = new Button("Delete workspace…", VaadinIcon.TRASH.create());

    private final WorkspaceService workspaces;
    private final AccountService accounts;
    private final AuthenticationContext auth;
    private final ParleyPrincipal me;
    private final FieldErrors nameErrors;

    public AccountView(WorkspaceService workspaces, UsageService usage, BotService bots, AccountService accounts,
                       AuthenticationContext auth) {
        this.workspaces = workspaces;
        this.accounts = accounts;
        this.auth = auth;
        this.me = auth.getAuthenticatedUser(ParleyPrincipal.class).orElseThrow();
        addClassNames("parley-page", "parley-account");
        boolean owner = me.role() == Role.OWNER;
        WorkspaceService.Workspace workspace = workspaces.current();
        Paragraph lead = new Paragraph(owner ? "Your workspace, its usage and limits." : "Your workspace, its usage and limits. "
                + "Only owners rename or delete it.");
        lead.addClassName("parley-lead");

        name.setValue(workspace.name());
        name.setReadOnly(!owner);
        name.setMinWidth("18em");
        saveName.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        saveName.setVisible(owner);
        saveName.addClickListener(click -> rename());
        nameError.addClassName("parley-form-error");
        nameErrors = new FieldErrors(nameError, Map.of("name", name));
        HorizontalLayout nameForm = new HorizontalLayout(name, saveName);
        nameForm.setAlignItems(FlexComponent.Alignment.BASELINE);
        nameForm.setWrap(true);
        Div general = new Div(new H3("Workspace"), nameForm, nameError);
        general.addClassName("parley-card");

        add(new H2("Account"), lead, general, UsageSection.of(usage.current()), answers(bots));
        if (owner) add(dangerZone());
    }

    private void rename() {
        nameErrors.clear();
        try {
            WorkspaceService.Workspace renamed = workspaces.rename(name.getValue());
            name.setValue(renamed.name());
            // The name in the header comes from the session: refresh it.
            SessionSignIn.signIn(accounts.switchTo(me.tenant()));
            Notification.show("Workspace renamed to " + renamed.name() + ".", 3000, Notification.Position.BOTTOM_START);
        } catch (InvalidInputException e) {
            nameErrors.show(e);
        }
    }

    private Div answers(BotService bots) {
        Paragraph how = new Paragraph("Each bot chooses its own OpenAI-compatible endpoint, model and key under Bots → a bot → "
                + "Answers; keys are stored encrypted and never shown again. A bot without one uses this installation's "
                + "default LLM when the operator configured one, otherwise it answers with sentences from your documents.");
        how.addClassName("parley-hint");
        Grid<Bot> grid = new Grid<>();
        grid.addColumn(Bot::name).setHeader("Bot").setFlexGrow(1);
        grid.addColumn(b -> describe(bots.answerSettings(b.id()).orElseGet(AnswerSettings::defaults), bots.hasLlmApiKey(b.id())))
                .setHeader("Answers with").setFlexGrow(2);
        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_NO_BORDER);
        grid.setAllRowsVisible(true);
        var list = bots.list();
        grid.setItems(list);
        grid.setVisible(!list.isEmpty());
        Div section = new Div(new H3("LLM endpoints"), how, grid);
        section.addClassName("parley-card");
        return section;
    }

    static String describe(AnswerSettings s, boolean hasKey) {
        if (s.llmBaseUrl() == null || s.llmBaseUrl().isBlank()) return "The installation's default";
        return (s.llmModel() == null ? "the default model" : s.llmModel()) + " at " + s.llmBaseUrl()
                + (hasKey ? " (key stored)" : " (no key)");
    }

    private Div dangerZone() {
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        delete.addClickListener(click -> {
            new DeleteWorkspaceDialog(workspaces.current().name(), workspaces::delete, this::afterDelete).open();
        });
        Paragraph what = new Paragraph("Deletes the bots, their knowledge and files, every conversation, the team, API keys "
                + "and the audit log of this workspace. It cannot be undone.");
        what.addClassName("parley-hint");
        Div zone = new Div(new H3("Delete this workspace"), what, delete);
        zone.addClassNames("parley-card", "parley-danger");
        return zone;
    }

    /** Continue in another workspace of this person, or sign out when there is none. */
    private void afterDelete() {
        var next = me.workspaces().stream().filter(w -> !w.id().equals(me.tenant())).findFirst();
        if (next.isPresent()) {
            try {
                SessionSignIn.signIn(accounts.switchTo(next.get().id()));
                UI.getCurrent().getPage().setLocation("/");
                return;
            } catch (InvalidInputException e) {
                // Removed from that one meanwhile: sign out below.
            }
        }
        auth.logout();
    }
}
