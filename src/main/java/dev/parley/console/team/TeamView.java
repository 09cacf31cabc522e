package dev.parley.console.team;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.EmailField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.parley.console.support.FieldErrors;
import dev.parley.tenancy.InvalidInputException;
import dev.parley.tenancy.ParleyPrincipal;
import dev.parley.tenancy.Role;
import dev.parley.tenancy.TeamService;
import dev.parley.tenancy.TenancyProperties;
import jakarta.annotation.security.RolesAllowed;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.springframework.security.access.AccessDeniedException;

/** Members and their roles, invitations by link. */
@Route("team")
@PageTitle("Team · Parley")
@RolesAllowed({"OWNER", "ADMIN"})
public class TeamView extends Div {

    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy").withZone(ZoneId.systemDefault());

    final Grid<TeamService.Member> members = new Grid<>();
    final Grid<TeamService.PendingInvitation> invitations = new Grid<>();
    final EmailField inviteEmail = new EmailField("E-mail");
    final Select<Role> inviteRole = new Select<>();
    final Button invite = new Button("Create invitation link", VaadinIcon.ENVELOPE.create());
    final Div formError = new Div();
    final H3 pendingTitle = new H3("Pending invitations");

    private final TeamService team;
    private final TenancyProperties properties;
    private final ParleyPrincipal me;
    private final FieldErrors errors;

    public TeamView(TeamService team, TenancyProperties properties, AuthenticationContext auth) {
        this.team = team;
        this.properties = properties;
        this.me = auth.getAuthenticatedUser(ParleyPrincipal.class).orElseThrow();
        addClassName("parley-page");
        Paragraph lead = new Paragraph("Owners and admins manage everything, editors the knowledge, support staff the conversations.");
        lead.addClassName("parley-lead");

        members.addColumn(TeamService.Member::displayName).setHeader("Name").setFlexGrow(2);
        members.addColumn(TeamService.Member::email).setHeader("E-mail").setFlexGrow(3);
        members.addComponentColumn(this::roleSelect).setHeader("Role").setFlexGrow(2);
        members.addComponentColumn(this::removeButton).setHeader("").setAutoWidth(true).setFlexGrow(0);
        members.setAllRowsVisible(true);
        members.addThemeVariants(com.vaadin.flow.component.grid.GridVariant.LUMO_WRAP_CELL_CONTENT);

        inviteRole.setLabel("Role");
        inviteRole.setItems(me.role() == Role.OWNER ? Role.values() : new Role[] {Role.ADMIN, Role.EDITOR, Role.SUPPORT});
        inviteRole.setItemLabelGenerator(Role::label);
        inviteRole.setValue(Role.EDITOR);
        inviteEmail.setPlaceholder("colleague@example.com");
        inviteEmail.setMinWidth("16em");
        invite.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        invite.addClickListener(click -> invite());
        formError.getStyle().set("color", "var(--lumo-error-text-color)");
        errors = new FieldErrors(formError, Map.of("email", inviteEmail, "role", inviteRole));
        HorizontalLayout inviteForm = new HorizontalLayout(inviteEmail, inviteRole, invite);
        inviteForm.setAlignItems(FlexComponent.Alignment.BASELINE);
        inviteForm.setWrap(true);

        invitations.addColumn(TeamService.PendingInvitation::email).setHeader("E-mail").setFlexGrow(3);
        invitations.addColumn(i -> i.role().label()).setHeader("Role").setFlexGrow(1);
        invitations.addColumn(i -> DATE.format(i.expiresAt())).setHeader("Expires").setFlexGrow(1);
        invitations.addComponentColumn(i -> new Button("Revoke", click -> {
            team.revokeInvitation(i.id());
            refresh();
        })).setAutoWidth(true).setFlexGrow(0);
        invitations.setAllRowsVisible(true);
        invitations.addThemeVariants(com.vaadin.flow.component.grid.GridVariant.LUMO_WRAP_CELL_CONTENT);

        add(new H2("Team"), lead, members, new H3("Invite someone"), inviteForm, formError, pendingTitle, invitations);
        refresh();
    }

    private Select<Role> roleSelect(TeamService.Member member) {
        Select<Role> select = new Select<>();
        select.setAriaLabel("Role of " + member.email());
        select.setItems(Role.values());
        select.setItemLabelGenerator(Role::label);
        select.setValue(member.role());
        select.setEnabled(!member.userId().equals(me.user().value()) && (me.role() == Role.OWNER || member.role() != Role.OWNER));
        select.addValueChangeListener(change -> {
            if (!change.isFromClient()) return;
            try {
                team.changeRole(member.userId(), change.getValue());
                Notification.show(member.email() + " is now " + change.getValue().label() + ".", 3000, Notification.Position.BOTTOM_START);
            } catch (InvalidInputException | AccessDeniedException e) {
                Notification.show(e.getMessage(), 5000, Notification.Position.MIDDLE).addThemeVariants(NotificationVariant.LUMO_ERROR);
            }
            refresh();
        });
        return select;
    }

    private Button removeButton(TeamService.Member member) {
        Button remove = new Button(VaadinIcon.TRASH.create());
        remove.setAriaLabel("Remove " + member.email());
        remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
        remove.setVisible(!member.userId().equals(me.user().value()));
        remove.addClickListener(click -> {
            ConfirmDialog confirm = new ConfirmDialog("Remove " + member.displayName() + "?",
                    member.email() + " loses access to this workspace.", "Remove", ok -> {
                try {
                    team.remove(member.userId());
                } catch (InvalidInputException | AccessDeniedException e) {
                    Notification.show(e.getMessage(), 5000, Notification.Position.MIDDLE).addThemeVariants(NotificationVariant.LUMO_ERROR);
                }
                refresh();
            });
            confirm.setCancelable(true);
            confirm.setConfirmButtonTheme("error primary");
            confirm.open();
        });
        return remove;
    }

    private void invite() {
        errors.clear();
        try {
            TeamService.InvitationLink link = team.invite(inviteEmail.getValue(), inviteRole.getValue());
            showLink(inviteEmail.getValue(), properties.invitationUrl(link.token()), link.mailed());
            inviteEmail.clear();
            refresh();
        } catch (InvalidInputException e) {
            errors.show(e);
        }
    }

    private void showLink(String email, String url, boolean mailed) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Invitation for " + email);
        TextField link = new TextField("Invitation link");
        link.setValue(url);
        link.setReadOnly(true);
        link.setWidthFull();
        link.addClassName("parley-key");
        Paragraph help = new Paragraph((mailed ? "We e-mailed this link to " + email + ". You can also send it yourself. "
                : "Send this link to " + email + ". ") + "It works once and expires in 7 days. It is shown only now.");
        Button copy = new Button("Copy link", VaadinIcon.COPY.create(), click -> {
            link.getElement().executeJs("navigator.clipboard && navigator.clipboard.writeText($0)", url);
            Notification.show("Link copied.", 2000, Notification.Position.BOTTOM_START);
        });
        dialog.add(help, link);
        dialog.getFooter().add(copy, new Button("Done", click -> dialog.close()));
        dialog.setWidth("min(560px, 95vw)");
        dialog.open();
    }

    private void refresh() {
        members.setItems(team.members());
        var pending = team.pendingInvitations();
        invitations.setItems(pending);
        invitations.setVisible(!pending.isEmpty());
        pendingTitle.setVisible(!pending.isEmpty());
    }
}
