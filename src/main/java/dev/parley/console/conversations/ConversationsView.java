package dev.parley.console.conversations;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.badge.BadgeVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.shared.Registration;
import dev.parley.chat.ConversationFilter;
import dev.parley.chat.ConversationResolved;
import dev.parley.chat.ConversationSearch;
import dev.parley.chat.ConversationStarted;
import dev.parley.chat.ConversationSummary;
import dev.parley.chat.FeedbackGiven;
import dev.parley.chat.MessageAnswered;
import dev.parley.chat.TranscriptExport;
import dev.parley.console.live.LiveUpdates;
import dev.parley.console.support.Viewer;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.CurrentRole;
import jakarta.annotation.security.RolesAllowed;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Every conversation of the workspace, latest activity first, in a lazily loaded grid (pages come
 * from the database as the grid scrolls; nothing loads the whole set), with filters, a capped
 * count, CSV and JSON export of the filtered messages, and live updates when visitors write.
 */
@Route("conversations")
@PageTitle("Conversations · Parley")
@RolesAllowed({"OWNER", "ADMIN", "SUPPORT"})
public class ConversationsView extends Div {

    static final int COUNT_CAP = 10_000;
    static final int COMPACT_BELOW_PX = 720;

    final ConversationFilters filters;
    final Grid<ConversationSummary> grid = new Grid<>();
    final Span total = new Span();
    final Anchor exportCsv;
    final Anchor exportJson;
    final Div empty = new Div();
    final Paragraph emptyText = new Paragraph();

    private final ConversationSearch search;
    private final LiveUpdates live;
    private final UUID tenant;
    private final Viewer viewer = Viewer.current();
    private volatile ConversationFilter filter = ConversationFilter.any(); // read by the export, outside the UI lock
    private Registration liveRegistration;
    private boolean compact;
    private final java.util.List<Grid.Column<ConversationSummary>> detailColumns = new java.util.ArrayList<>();

    public ConversationsView(ConversationSearch search, TranscriptExport exports, BotService bots, CurrentRole role,
                             LiveUpdates live) {
        this.search = search;
        this.live = live;
        this.tenant = role.tenantId();
        addClassNames("parley-page", "parley-conversations");

        exportCsv = export("Export CSV", "csv", "text/csv; charset=utf-8", (f, out) -> exports.csv(f, out));
        exportJson = export("Export JSON", "json", "application/json", (f, out) -> exports.json(f, out));
        HorizontalLayout exportsBar = new HorizontalLayout(exportCsv, exportJson);
        exportsBar.addClassName("parley-exports");
        HorizontalLayout header = new HorizontalLayout(new H2("Conversations"), exportsBar);
        header.setWidthFull();
        header.setJustifyContentMode(FlexComponent.JustifyContentMode.BETWEEN);
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.setWrap(true);

        filters = new ConversationFilters(bots.list(), this::filter);
        total.addClassName("parley-lead");
        total.setId("conversation-count");

        configureGrid();
        empty.addClassName("parley-empty");
        empty.add(emptyText);
        add(header, filters, total, grid, empty);
        refresh();
    }

    private void configureGrid() {
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setAriaLabel("Conversations");
        grid.addComponentColumn(c -> {
            Div cell = new Div();
            cell.addClassName("parley-doc-title");
            RouterLink open = new RouterLink(c.firstQuestion() == null || c.firstQuestion().isBlank() ? "(no question yet)"
                    : c.firstQuestion(), TranscriptView.class, new RouteParameters("conversationId", c.id().toString()));
            open.addClassName("parley-question-link");
            Span meta = new Span(c.botName() + " · " + ConversationLabels.count(c.messages(), "message", "messages")
                    + (compact ? " · " + ConversationLabels.visitor(c) + " · " + ConversationLabels.age(c.lastMessageAt(), Instant.now()) : ""));
            meta.addClassName("parley-secondary");
            cell.add(open, meta);
            if (compact) cell.add(badges(c)); // on a phone the detail columns are hidden; their facts go here
            return cell;
        }).setHeader("Conversation").setFlexGrow(4);
        detailColumns.add(grid.addComponentColumn(ConversationsView::visitorCell).setHeader("Visitor").setFlexGrow(2));
        detailColumns.add(grid.addComponentColumn(this::badges).setHeader("How it went").setFlexGrow(2));
        detailColumns.add(grid.addColumn(c -> ConversationLabels.age(c.lastMessageAt(), Instant.now())).setHeader("Last activity")
                .setFlexGrow(1));
        grid.setAllRowsVisible(false);
        grid.setHeight("560px");
        // Undefined size: the grid asks for pages while it scrolls and never for a total.
        grid.setItems(query -> viewer.call(() -> search.page(filter, query.getOffset(), query.getLimit())).stream());
        grid.setPageSize(50);
    }

    /** An identified visitor's name over their e-mail; an anonymous one's id, muted. Text only, never HTML. */
    private static Div visitorCell(ConversationSummary c) {
        Div cell = new Div();
        cell.addClassName("parley-visitor-cell");
        boolean identified = ConversationLabels.present(c.visitorName()) || ConversationLabels.present(c.visitorEmail());
        Span who = new Span(ConversationLabels.visitor(c));
        if (!identified) who.addClassName("parley-secondary");
        cell.add(who);
        if (ConversationLabels.present(c.visitorName()) && ConversationLabels.present(c.visitorEmail())) {
            Span email = new Span(c.visitorEmail());
            email.addClassName("parley-secondary");
            cell.add(email);
        }
        return cell;
    }

    private Div badges(ConversationSummary c) {
        Div badges = new Div();
        badges.addClassName("parley-doc-meta");
        badges.add(ConversationLabels.statusBadge(c.resolved()));
        if (c.unanswered() > 0) {
            Badge unanswered = new Badge(c.unanswered() + " unanswered");
            unanswered.addThemeVariants(BadgeVariant.ERROR);
            badges.add(unanswered);
        }
        if (c.thumbsUp() > 0) badges.add(new Span("👍 " + c.thumbsUp()));
        if (c.thumbsDown() > 0) badges.add(new Span("👎 " + c.thumbsDown()));
        return badges;
    }

    private void setCompact(boolean narrow) {
        if (narrow == compact) return;
        compact = narrow;
        detailColumns.forEach(column -> column.setVisible(!narrow));
        grid.getDataProvider().refreshAll();
    }

    private void filter(ConversationFilter chosen) {
        filter = chosen;
        refresh();
    }

    /** Reloads the grid and the count; live updates call it too. */
    void refresh() {
        long n = viewer.call(() -> search.countUpTo(filter, COUNT_CAP));
        total.setText(n >= COUNT_CAP ? String.format("More than %,d conversations", COUNT_CAP - 1)
                : ConversationLabels.count(n, "conversation", "conversations"));
        boolean none = n == 0;
        grid.setVisible(!none);
        empty.setVisible(none);
        if (none) {
            emptyText.setText(filters.filtering() ? "No conversation matches these filters. Widen the dates or clear the filters."
                    : "No conversations yet. Put the bot on your site (Bots → embed snippet); conversations appear here as visitors write.");
        }
        grid.getDataProvider().refreshAll();
    }

    private Anchor export(String label, String extension, String contentType, Writer writer) {
        DownloadHandler handler = event -> {
            event.setFileName("conversations-" + LocalDate.now(ZoneOffset.UTC) + "." + extension);
            event.setContentType(contentType);
            writer.write(filter, event.getOutputStream());
        };
        Anchor anchor = new Anchor(handler, "");
        anchor.add(VaadinIcon.DOWNLOAD_ALT.create(), new Span(label));
        anchor.addClassName("parley-export");
        return anchor;
    }

    private interface Writer {
        void write(ConversationFilter filter, java.io.OutputStream out);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        ui.getPage().retrieveExtendedClientDetails(details -> setCompact(details.getWindowInnerWidth() < COMPACT_BELOW_PX));
        ui.getPage().addBrowserWindowResizeListener(resize -> setCompact(resize.getWidth() < COMPACT_BELOW_PX));
        liveRegistration = live.subscribe(tenant, ui, e -> {
            if (e instanceof ConversationStarted || e instanceof MessageAnswered || e instanceof ConversationResolved
                    || e instanceof FeedbackGiven) {
                refresh();
            }
        });
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (liveRegistration != null) liveRegistration.remove();
        liveRegistration = null;
    }
}
