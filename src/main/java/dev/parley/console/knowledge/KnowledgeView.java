package dev.parley.console.knowledge;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.component.upload.UploadI18N;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.server.streams.UploadEvent;
import com.vaadin.flow.shared.Registration;
import dev.parley.console.bots.BotsView;
import dev.parley.console.support.IconButtons;
import dev.parley.knowledge.AcceptedTypes;
import dev.parley.knowledge.DocumentStatus;
import dev.parley.knowledge.DuplicateDocument;
import dev.parley.knowledge.KnowledgeDocument;
import dev.parley.knowledge.KnowledgeProperties;
import dev.parley.knowledge.KnowledgeService;
import dev.parley.retrieval.HybridSearch;
import dev.parley.knowledge.UploadRefused;
import dev.parley.knowledge.WebSources;
import dev.parley.tenancy.Bot;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.CurrentRole;
import jakarta.annotation.security.RolesAllowed;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A bot's knowledge: drop files, paste text, add Q&A pairs, watch them get indexed, look at their
 * chunks, re-index or delete them, and test a question against them. While anything is being
 * indexed the page polls, so statuses move on their own.
 */
@Route("knowledge/:botId?")
@PageTitle("Knowledge · Parley")
@RolesAllowed({"OWNER", "ADMIN", "EDITOR"})
public class KnowledgeView extends Div implements BeforeEnterObserver {

    /** An uploaded file with the same content as a document already there, waiting for the user's choice. */
    record Duplicate(String fileName, KnowledgeDocument existing) {}

    static final int POLL_MS = 2000;
    static final int COMPACT_BELOW_PX = 720;

    final Select<Bot> botSelect = new Select<>();
    final Paragraph lead = new Paragraph();
    final Upload upload = new Upload();
    final Button pasteText = new Button("Paste text", VaadinIcon.CLIPBOARD_TEXT.create());
    final Button addQa = new Button("Add Q&A", VaadinIcon.QUESTION_CIRCLE_O.create());
    final Button addWebsite = new Button("Add website", VaadinIcon.GLOBE.create());
    final Grid<KnowledgeDocument> documents = new Grid<>();
    final Div emptyDocuments = new Div();
    final Div noBots = new Div();
    final Div content = new Div();
    final QuestionTester tester;
    final SourcesSection sources;

    private final KnowledgeService knowledge;
    private final BotService bots;
    private final WebSources web;
    private final long maxUploadBytes;
    private volatile UUID botId; // read by the upload handler, which runs outside the UI lock
    private boolean compact;
    private final Deque<Duplicate> duplicates = new ArrayDeque<>(); // touched under the UI lock only
    private boolean askingAboutDuplicate;
    private Registration pollListener;
    private final List<Grid.Column<KnowledgeDocument>> detailColumns;

    public KnowledgeView(KnowledgeService knowledge, HybridSearch search, BotService bots, KnowledgeProperties properties,
                         CurrentRole role, WebSources web) {
        this.knowledge = knowledge;
        this.bots = bots;
        this.web = web;
        this.sources = new SourcesSection(web, this::refresh);
        this.maxUploadBytes = properties.maxUploadSize().toBytes();
        this.tester = new QuestionTester(search, () -> botId);
        addClassNames("parley-page", "parley-knowledge");

        botSelect.setAriaLabel("Bot");
        botSelect.setItemLabelGenerator(Bot::name);
        botSelect.addValueChangeListener(change -> {
            if (change.isFromClient() && change.getValue() != null) {
                getUI().ifPresent(ui -> ui.navigate(KnowledgeView.class, new RouteParameters("botId", change.getValue().id().toString())));
            }
        });
        HorizontalLayout header = new HorizontalLayout(new H2("Knowledge"), botSelect);
        header.setWidthFull();
        header.setJustifyContentMode(FlexComponent.JustifyContentMode.BETWEEN);
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.setWrap(true);
        lead.addClassName("parley-lead");

        detailColumns = configureGrid();
        emptyDocuments.addClassName("parley-empty");
        emptyDocuments.add(new Paragraph("Nothing here yet. Drop files above, paste text, add a Q&A pair or a website."),
                new Paragraph("Parley indexes them in the background; the bot answers from them once they show Ready."));
        H3 listTitle = new H3("Documents");
        content.add(addCard(), listTitle, documents, emptyDocuments, sources, tester);

        noBots.addClassName("parley-empty");
        noBots.add(new Paragraph("There is no bot yet. Knowledge belongs to a bot, so create one first."));
        if (role.role().managesBots()) noBots.add(new RouterLink("Create a bot", BotsView.class));
        else noBots.add(new Paragraph("Ask an admin or owner to create one."));
        add(header, lead, noBots, content);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        List<Bot> all = bots.list();
        Optional<String> requested = event.getRouteParameters().get("botId");
        Optional<Bot> chosen = requested.isPresent()
                ? all.stream().filter(b -> b.id().toString().equals(requested.get())).findFirst()
                : all.stream().findFirst();
        if (requested.isPresent() && chosen.isEmpty()) {
            event.rerouteToError(NotFoundException.class, "No such bot.");
            return;
        }
        botSelect.setItems(all);
        botSelect.setVisible(all.size() > 1);
        noBots.setVisible(all.isEmpty());
        content.setVisible(!all.isEmpty());
        chosen.ifPresentOrElse(this::show, () -> {
            botId = null;
            lead.setText("Knowledge is what a bot answers from: your documents, pasted text and curated Q&A pairs.");
        });
    }

    private void show(Bot bot) {
        botId = bot.id();
        botSelect.setValue(bot);
        lead.setText("What " + bot.name() + " answers from. Add documents, pasted text or curated Q&A pairs; "
                + "Parley indexes them in the background and this list follows along.");
        tester.results.removeAll();
        refresh();
    }

    /** Reloads the list; polls while anything is still being indexed. Tests call it instead of waiting for a poll. */
    void refresh() {
        if (botId == null) return;
        List<KnowledgeDocument> list = knowledge.list(botId);
        documents.setItems(list);
        documents.setVisible(!list.isEmpty());
        emptyDocuments.setVisible(list.isEmpty());
        boolean syncing = sources.refresh(botId);
        boolean working = syncing || list.stream().anyMatch(d -> d.status().inProgress());
        getUI().ifPresent(ui -> ui.setPollInterval(working ? POLL_MS : -1));
    }

    List<KnowledgeDocument> shownDocuments() {
        return documents.getListDataView().getItems().toList();
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        pollListener = ui.addPollListener(poll -> refresh());
        ui.getPage().retrieveExtendedClientDetails(details -> setCompact(details.getWindowInnerWidth() < COMPACT_BELOW_PX));
        ui.getPage().addBrowserWindowResizeListener(resize -> setCompact(resize.getWidth() < COMPACT_BELOW_PX));
        refresh();
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (pollListener != null) pollListener.remove();
        event.getUI().setPollInterval(-1);
    }

    // --- adding

    private Div addCard() {
        upload.setUploadHandler(this::receive);
        upload.setAcceptedFileTypes(AcceptedTypes.EXTENSIONS.toArray(String[]::new));
        upload.setMaxFileSize((int) Math.min(Integer.MAX_VALUE, maxUploadBytes));
        upload.setDropAllowed(true);
        upload.setWidthFull();
        upload.setI18n(i18n());
        upload.addFileRejectedListener(rejected -> error(rejected.getFileName() + ": " + rejected.getErrorMessage()));
        upload.addAllFinishedListener(finished -> {
            refresh();
            askNextDuplicate();
        });

        pasteText.addClickListener(click -> EntryDialog.pasteText((title, body) -> knowledge.addText(botId, title, body), this::added).open());
        addQa.addClickListener(click -> EntryDialog.qa((q, a) -> knowledge.addQa(botId, q, a), this::added).open());
        addWebsite.addClickListener(click -> new SourceDialog(web, botId, source -> {
            Notification.show("Added " + source.url() + ". Syncing…", 3000, Notification.Position.BOTTOM_START)
                    .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            refresh();
        }).open());
        HorizontalLayout more = new HorizontalLayout(pasteText, addQa, addWebsite);
        more.setWrap(true);

        Paragraph accepted = new Paragraph("Parley reads " + AcceptedTypes.describe() + ", up to "
                + maxUploadBytes / (1024 * 1024) + " MB per file. Drop several at once if you like.");
        accepted.addClassName("parley-hint");
        Div card = new Div(upload, accepted, more);
        card.addClassNames("parley-card", "parley-add");
        return card;
    }

    private UploadI18N i18n() {
        String max = maxUploadBytes / (1024 * 1024) + " MB";
        return new UploadI18N()
                .setDropFiles(new UploadI18N.DropFiles().setOne("Drop a file here").setMany("Drop files here"))
                .setAddFiles(new UploadI18N.AddFiles().setOne("Add file…").setMany("Add files…"))
                .setError(new UploadI18N.Error()
                        .setIncorrectFileType("Parley cannot read this type. It reads " + AcceptedTypes.describe() + ".")
                        .setFileIsTooBig("Larger than the limit of " + max + ".")
                        .setTooManyFiles("Too many files at once."))
                .setUploading(new UploadI18N.Uploading().setError(new UploadI18N.Uploading.Error()
                        .setForbidden("Not added (see the message)")
                        .setFileTooLarge("Larger than the limit of " + max + ".")
                        .setUnexpectedServerError("Not added: something went wrong on our side.")
                        .setServerUnavailable("Not added: Parley cannot be reached.")));
    }

    /**
     * Streams one uploaded file straight into the knowledge store (the service enforces the size
     * limit while copying; nothing is held in memory). Runs on the request thread without the UI
     * lock, so UI changes go through {@link UI#access}.
     */
    private void receive(UploadEvent event) {
        UI ui = event.getUI();
        String name = event.getFileName();
        try (InputStream in = event.getInputStream()) {
            knowledge.addFile(botId, name, event.getFileSize(), in, false);
            ui.access(this::refresh);
        } catch (DuplicateDocument duplicate) {
            // Not a refusal: the transfer went fine and the question that follows is the answer.
            ui.access(() -> {
                duplicates.add(new Duplicate(name, duplicate.existing()));
                if (!upload.isUploading()) askNextDuplicate();
            });
        } catch (UploadRefused refused) {
            event.reject(refused.getMessage());
            ui.access(() -> error(refused.getMessage()));
        } catch (java.io.IOException e) {
            event.reject("The upload was interrupted.");
            ui.access(() -> error("'" + name + "' could not be uploaded. Try again."));
        }
    }

    /**
     * One question at a time, and only once no upload is running: a modal dialog makes the rest of
     * the page inert, and Vaadin then refuses the remaining files of a batch.
     */
    private void askNextDuplicate() {
        if (askingAboutDuplicate || duplicates.isEmpty()) return;
        Duplicate next = duplicates.poll();
        askingAboutDuplicate = true;
        ConfirmDialog ask = new ConfirmDialog();
        ask.setHeader("Already in the knowledge");
        ask.setText("'" + next.fileName() + "' has the same content as '" + next.existing().title()
                + "'. Add it anyway, or keep the existing one?");
        ask.setCancelable(true);
        ask.setCancelText("Keep existing");
        ask.setConfirmText("Add anyway");
        ask.addConfirmListener(confirm -> {
            try {
                added(knowledge.addAgain(next.existing().id(), next.fileName()));
            } catch (UploadRefused e) {
                error(e.getMessage());
            }
        });
        ask.addOpenedChangeListener(change -> {
            if (change.isOpened()) return;
            askingAboutDuplicate = false;
            askNextDuplicate();
        });
        ask.open();
    }

    private void added(KnowledgeDocument doc) {
        Notification.show("Added " + doc.title() + ". Indexing…", 3000, Notification.Position.BOTTOM_START)
                .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
        refresh();
    }

    private static void error(String message) {
        Notification.show(message, 6000, Notification.Position.MIDDLE).addThemeVariants(NotificationVariant.LUMO_ERROR);
    }

    // --- the list

    private List<Grid.Column<KnowledgeDocument>> configureGrid() {
        documents.addComponentColumn(this::titleCell).setHeader("Title").setFlexGrow(4);
        var type = documents.addColumn(DocumentLabels::type).setHeader("Type").setAutoWidth(true).setFlexGrow(0);
        // A fixed width: auto width is measured before the badge is styled, and then clips it.
        var status = documents.addComponentColumn(d -> DocumentLabels.badge(d.status())).setHeader("Status")
                .setWidth("8.5em").setFlexGrow(0);
        var chunks = documents.addColumn(DocumentLabels::chunks).setHeader("Chunks").setAutoWidth(true).setFlexGrow(0)
                .setTextAlign(ColumnTextAlign.END);
        var size = documents.addColumn(d -> DocumentLabels.size(d.sizeBytes())).setHeader("Size").setAutoWidth(true)
                .setFlexGrow(0).setTextAlign(ColumnTextAlign.END);
        var updated = documents.addColumn(d -> DocumentLabels.age(d.updatedAt(), Instant.now())).setHeader("Updated")
                .setAutoWidth(true).setFlexGrow(0);
        documents.addComponentColumn(this::actions).setAutoWidth(true).setFlexGrow(0);
        documents.addThemeVariants(GridVariant.LUMO_NO_BORDER, GridVariant.LUMO_WRAP_CELL_CONTENT);
        documents.setAllRowsVisible(true);
        documents.setSelectionMode(Grid.SelectionMode.NONE);
        return List.of(type, status, chunks, size, updated);
    }

    private Component titleCell(KnowledgeDocument doc) {
        Div cell = new Div(new Span(doc.title()));
        cell.addClassName("parley-doc-title");
        if (compact) { // on a phone the detail columns are hidden; their facts go under the title
            Div meta = new Div(DocumentLabels.badge(doc.status()), secondary(DocumentLabels.type(doc) + " · "
                    + DocumentLabels.size(doc.sizeBytes())
                    + (doc.status() == DocumentStatus.READY ? " · " + DocumentLabels.chunkCount(doc.chunkCount()) : ""), null));
            meta.addClassName("parley-doc-meta");
            cell.add(meta);
        }
        if (doc.failureReason() != null) {
            cell.add(secondary(doc.failureReason(), doc.status() == DocumentStatus.FAILED ? "parley-failure" : null));
        }
        return cell;
    }

    private static Span secondary(String text, String extraClass) {
        Span span = new Span(text);
        span.addClassName("parley-secondary");
        if (extraClass != null) span.addClassName(extraClass);
        return span;
    }

    private Component actions(KnowledgeDocument doc) {
        Button chunks = IconButtons.of(VaadinIcon.LINES_LIST, "View chunks of " + doc.title(),
                () -> new ChunksDialog(doc, knowledge.chunks(doc.id())).open());
        Button reindex = IconButtons.of(VaadinIcon.REFRESH, "Re-index " + doc.title(), () -> reindex(doc));
        reindex.setEnabled(!doc.status().inProgress());
        Button delete = IconButtons.of(VaadinIcon.TRASH, "Delete " + doc.title(), () -> confirmDelete(doc));
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        HorizontalLayout actions = new HorizontalLayout(chunks, reindex, delete);
        actions.setSpacing(false);
        return actions;
    }


    private void reindex(KnowledgeDocument doc) {
        try {
            knowledge.reindex(doc.id());
            Notification.show("Re-indexing " + doc.title() + "…", 3000, Notification.Position.BOTTOM_START);
        } catch (UploadRefused e) {
            error(e.getMessage());
        }
        refresh();
    }

    private void confirmDelete(KnowledgeDocument doc) {
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setHeader("Delete " + doc.title() + "?");
        confirm.setText("Its chunks leave the bot's knowledge at once. This cannot be undone.");
        confirm.setCancelable(true);
        confirm.setConfirmText("Delete");
        confirm.setConfirmButtonTheme("error primary");
        confirm.addConfirmListener(ok -> {
            knowledge.delete(doc.id());
            Notification.show("Deleted " + doc.title() + ".", 3000, Notification.Position.BOTTOM_START);
            refresh();
        });
        confirm.open();
    }

    private void setCompact(boolean narrow) {
        if (narrow == compact) return;
        compact = narrow;
        detailColumns.forEach(c -> c.setVisible(!narrow));
        documents.getDataProvider().refreshAll();
    }
}
