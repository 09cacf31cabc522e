package dev.parley.console.conversations;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.shared.Registration;
import dev.parley.chat.ChatMessage;
import dev.parley.chat.ChatRefused;
import dev.parley.chat.ConversationResolved;
import dev.parley.chat.ConversationSearch;
import dev.parley.chat.ConversationStarted;
import dev.parley.chat.ConversationSummary;
import dev.parley.chat.FeedbackGiven;
import dev.parley.chat.MessageAnswered;
import dev.parley.chat.Transcript;
import dev.parley.console.live.LiveUpdates;
import dev.parley.console.support.Viewer;
import dev.parley.tenancy.CurrentRole;
import jakarta.annotation.security.RolesAllowed;
import java.util.Optional;
import java.util.UUID;

/**
 * One conversation as support staff read it: every message, each answer with its numbered sources
 * and scores, how it was made, how long it took and the tokens it used; resolve or reopen it.
 * New messages appear while it is open.
 */
@Route("conversations/:conversationId")
@PageTitle("Conversation · Parley")
@RolesAllowed({"OWNER", "ADMIN", "SUPPORT"})
public class TranscriptView extends Div implements BeforeEnterObserver {

    final H2 title = new H2("Conversation");
    final Paragraph meta = new Paragraph();
    /** An identified visitor's name and e-mail (Parley.identify), as text; hidden for anonymous visitors. */
    final Paragraph visitor = new Paragraph();
    final Anchor visitorEmail = new Anchor();
    final Div status = new Div();
    final Button resolve = new Button();
    final Div messages = new Div();
    final Div missing = new Div();

    private final ConversationSearch search;
    private final LiveUpdates live;
    private final UUID tenant;
    private final Viewer viewer = Viewer.current();
    private UUID conversationId;
    private ConversationSummary shown;
    private Registration liveRegistration;

    public TranscriptView(ConversationSearch search, CurrentRole role, LiveUpdates live) {
        this.search = search;
        this.live = live;
        this.tenant = role.tenantId();
        addClassNames("parley-page", "parley-transcript");

        RouterLink back = new RouterLink("← All conversations", ConversationsView.class);
        back.addClassName("parley-back");
        resolve.addClickListener(click -> toggleResolved());
        HorizontalLayout header = new HorizontalLayout(title, status, resolve);
        header.setWidthFull();
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.setWrap(true);
        header.expand(title);
        meta.addClassName("parley-lead");
        visitor.addClassName("parley-visitor");
        visitor.setVisible(false);
        messages.addClassName("parley-messages");
        missing.addClassName("parley-empty");
        missing.add(new Paragraph("There is no such conversation in this workspace. It may have been deleted."),
                new RouterLink("Back to all conversations", ConversationsView.class));
        missing.setVisible(false);
        add(back, header, visitor, meta, messages, missing);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        conversationId = event.getRouteParameters().get("conversationId").flatMap(TranscriptView::uuid).orElse(null);
        load();
    }

    /** Reads the conversation again; live updates call it too. */
    void load() {
        Optional<Transcript> transcript = conversationId == null ? Optional.empty()
                : viewer.call(() -> search.transcript(conversationId));
        missing.setVisible(transcript.isEmpty());
        title.setVisible(transcript.isPresent());
        resolve.setVisible(transcript.isPresent());
        messages.removeAll();
        meta.setText("");
        status.removeAll();
        visitor.setVisible(false);
        if (transcript.isEmpty()) return;
        shown = transcript.get().conversation();
        title.setText(shown.botName() + " · " + ConversationLabels.visitor(shown));
        showVisitor(shown);
        meta.setText("Started " + ConversationLabels.WHEN.format(shown.startedAt()) + " · last activity "
                + ConversationLabels.WHEN.format(shown.lastMessageAt()) + " · "
                + ConversationLabels.count(shown.messages(), "message", "messages"));
        status.add(ConversationLabels.statusBadge(shown.resolved()));
        resolve.setText(shown.resolved() ? "Reopen" : "Mark resolved");
        resolve.setIcon(shown.resolved() ? VaadinIcon.ARROW_BACKWARD.create() : VaadinIcon.CHECK.create());
        resolve.removeThemeVariants(ButtonVariant.LUMO_PRIMARY);
        if (!shown.resolved()) resolve.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        if (transcript.get().messages().isEmpty()) {
            messages.add(new Paragraph("The visitor opened the chat but has not written yet."));
        }
        for (ChatMessage m : transcript.get().messages()) messages.add(new MessageCard(m));
    }

    private void toggleResolved() {
        boolean resolved = !shown.resolved();
        try {
            viewer.call(() -> search.setResolved(conversationId, resolved));
            Notification.show(resolved ? "Marked resolved." : "Reopened.", 3000, Notification.Position.BOTTOM_START);
        } catch (ChatRefused e) {
            Notification.show(e.getMessage(), 5000, Notification.Position.MIDDLE);
        }
        load();
    }

    /** "Identified visitor: Ada · ada@example.com · id visitor-1234…": every part set as text, never as HTML. */
    private void showVisitor(ConversationSummary c) {
        boolean named = ConversationLabels.present(c.visitorName());
        boolean mailed = ConversationLabels.present(c.visitorEmail());
        visitor.removeAll();
        visitor.setVisible(named || mailed);
        if (!named && !mailed) return;
        visitor.add(new Span("Identified visitor: "));
        if (named) visitor.add(new Span(c.visitorName()));
        if (named && mailed) visitor.add(new Span(" · "));
        if (mailed) {
            // The fixed scheme keeps a crafted address from becoming a script link.
            visitorEmail.setHref("mailto:" + c.visitorEmail());
            visitorEmail.setText(c.visitorEmail());
            visitor.add(visitorEmail);
        }
        visitor.add(new Span(" · id " + ConversationLabels.shortVisitorId(c.visitorId())));
    }

    private static Optional<UUID> uuid(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    protected void onAttach(AttachEvent event) {
        liveRegistration = live.subscribe(tenant, event.getUI(), e -> {
            UUID about = switch (e) {
                case ConversationStarted s -> s.conversationId();
                case MessageAnswered a -> a.conversationId();
                case ConversationResolved r -> r.conversationId();
                case FeedbackGiven f -> f.conversationId();
                default -> null;
            };
            if (about != null && about.equals(conversationId)) load();
        });
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (liveRegistration != null) liveRegistration.remove();
        liveRegistration = null;
    }
}
