package dev.parley.console.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.BrowserlessUIContext;
import com.vaadin.browserless.SecuredBrowserlessApplicationContext;
import com.vaadin.browserless.SpringBrowserlessApplicationContext;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.RouteNotFoundError;
import dev.parley.IntegrationTest;
import dev.parley.TestWorkspaces;
import dev.parley.knowledge.DocumentStatus;
import dev.parley.knowledge.KnowledgeDocument;
import dev.parley.knowledge.KnowledgeService;
import dev.parley.knowledge.KnowledgeSource;
import dev.parley.knowledge.LocalCrawling;
import dev.parley.knowledge.SourceStatus;
import dev.parley.knowledge.WebSources;
import dev.parley.knowledge.web.TestSite;
import dev.parley.tenancy.AccountService;
import dev.parley.tenancy.ParleyPrincipal;
import dev.parley.tenancy.Role;
import dev.parley.tenancy.TeamService;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The Knowledge page without a browser: each window is one signed-in person with their own Vaadin
 * session, in the shared Spring context of all DB tests. Ingestion runs for real in the
 * background; the tests drive the view's refresh instead of waiting for a client poll.
 */
class KnowledgeViewTest extends IntegrationTest {

    @Autowired ApplicationContext spring;
    @Autowired AccountService accounts;
    @Autowired TeamService team;
    @Autowired TestWorkspaces workspaces;
    @Autowired KnowledgeService knowledge;
    @Autowired WebSources web;

    SecuredBrowserlessApplicationContext<Authentication> app;

    @BeforeEach
    void startVaadin() {
        app = SpringBrowserlessApplicationContext.createSecured(spring, "dev.parley.console");
    }

    @AfterEach
    void stopVaadin() {
        try {
            app.close();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    @Test
    void pastedTextAppearsAndReachesReadyWhileThePagePolls() {
        Workspace ws = workspaceWithBot();
        BrowserlessUIContext browser = window(ws.owner());
        KnowledgeView view = open(browser, ws.bot());
        assertThat(view.emptyDocuments.isVisible()).isTrue();
        assertThat(view.documents.isVisible()).isFalse();

        browser.test(view.pasteText).click();
        EntryDialog dialog = browser.find(EntryDialog.class).single();
        browser.test(dialog.shortField).setValue("Billing guide");
        browser.test(dialog.longField).setValue("# Billing\n## Refunds\nRefunds reach the original card within five working days.");
        browser.test(dialog.save).click();

        assertThat(dialog.isOpened()).isFalse();
        assertThat(view.shownDocuments()).singleElement().satisfies(d -> assertThat(d.title()).isEqualTo("Billing guide"));
        assertThat(browser.test(view.documents).getCellText(0, 1)).isEqualTo("Pasted text");
        assertThat(browser.getUI().getPollInterval()).isEqualTo(KnowledgeView.POLL_MS);

        KnowledgeDocument ready = awaitInView(view, DocumentStatus.READY);
        assertThat(ready.chunkCount()).isOne();
        assertThat(((Badge) browser.test(view.documents).getCellComponent(0, 2)).getText()).isEqualTo("Ready");
        assertThat(browser.test(view.documents).getCellText(0, 3)).isEqualTo("1");
        assertThat(browser.getUI().getPollInterval()).isEqualTo(-1); // nothing left in progress

        browser.test(actionButton(browser, view, "View chunks of Billing guide")).click();
        ChunksDialog chunks = browser.find(ChunksDialog.class).single();
        assertThat(chunks.cards).singleElement().satisfies(card ->
                assertThat(textOf(card)).contains("Billing › Refunds").contains("five working days"));
    }

    @Test
    void qaDialogShowsEachMessageNextToItsField() {
        Workspace ws = workspaceWithBot();
        BrowserlessUIContext browser = window(ws.owner());
        KnowledgeView view = open(browser, ws.bot());

        browser.test(view.addQa).click();
        EntryDialog dialog = browser.find(EntryDialog.class).single();
        assertThat(dialog.getHeaderTitle()).isEqualTo("Add Q&A");
        browser.test(dialog.save).click();
        assertThat(dialog.shortField.isInvalid()).isTrue();
        assertThat(dialog.shortField.getErrorMessage()).isEqualTo("Write the question (up to 500 characters).");
        assertThat(dialog.isOpened()).isTrue();

        browser.test(dialog.shortField).setValue("Do you ship to Norway?");
        browser.test(dialog.save).click();
        assertThat(dialog.shortField.isInvalid()).isFalse();
        assertThat(dialog.longField.isInvalid()).isTrue();
        assertThat(dialog.longField.getErrorMessage()).isEqualTo("Write the answer (up to 10,000 characters).");
        assertThat(view.shownDocuments()).isEmpty();

        browser.test(dialog.longField).setValue("Yes, within 3 days.");
        browser.test(dialog.save).click();
        assertThat(dialog.isOpened()).isFalse();
        assertThat(view.shownDocuments()).extracting(KnowledgeDocument::title).containsExactly("Do you ship to Norway?");
        assertThat(browser.test(view.documents).getCellText(0, 1)).isEqualTo("Q&A");
    }

    @Test
    void unsupportedFileIsRefusedWithTheAcceptedTypesAndATextFileIsAdded() {
        Workspace ws = workspaceWithBot();
        BrowserlessUIContext browser = window(ws.owner());
        KnowledgeView view = open(browser, ws.bot());
        assertThat(view.upload.getAcceptedFileTypes()).contains(".md", ".txt", ".pdf");

        browser.test(view.upload).upload("setup.exe", "application/octet-stream", new byte[] {'M', 'Z'});
        assertThat(notifications(browser)).anySatisfy(text -> assertThat(text)
                .contains("'setup.exe' is not a supported type").contains("PDF").contains("Markdown"));
        assertThat(view.shownDocuments()).isEmpty();

        browser.test(view.upload).upload("opening-hours.txt", "text/plain", bytes("We open at nine."));
        assertThat(view.shownDocuments()).extracting(KnowledgeDocument::title).containsExactly("opening-hours.txt");
        assertThat(browser.test(view.documents).getCellText(0, 1)).isEqualTo("Text file");
    }

    @Test
    void duplicateUploadAsksAndCanBeAddedAnywayOrKept() {
        Workspace ws = workspaceWithBot();
        BrowserlessUIContext browser = window(ws.owner());
        KnowledgeView view = open(browser, ws.bot());
        browser.test(view.upload).upload("faq.md", "text/markdown", bytes("# FAQ\nWe answer within a day."));

        browser.test(view.upload).upload("faq-copy.md", "text/markdown", bytes("# FAQ\nWe answer within a day."));
        ConfirmDialog ask = browser.find(ConfirmDialog.class).single();
        assertThat(browser.test(ask).getHeader()).isEqualTo("Already in the knowledge");
        assertThat(browser.test(ask).getText()).contains("'faq-copy.md' has the same content as 'faq.md'");
        browser.test(ask).cancel();
        assertThat(view.shownDocuments()).extracting(KnowledgeDocument::title).containsExactly("faq.md");

        browser.test(view.upload).upload("faq-copy.md", "text/markdown", bytes("# FAQ\nWe answer within a day."));
        browser.test(browser.find(ConfirmDialog.class).single()).confirm();
        assertThat(view.shownDocuments()).extracting(KnowledgeDocument::title).containsExactlyInAnyOrder("faq.md", "faq-copy.md");
    }

    @Test
    void duplicatesInOneBatchAreAskedAboutOneAtATimeAfterTheBatch(@TempDir Path dir) throws Exception {
        Workspace ws = workspaceWithBot();
        BrowserlessUIContext browser = window(ws.owner());
        KnowledgeView view = open(browser, ws.bot());
        browser.test(view.upload).upload("a.md", "text/markdown", bytes("# A\nAlpha."));
        browser.test(view.upload).upload("b.md", "text/markdown", bytes("# B\nBravo."));

        File aAgain = Files.writeString(dir.resolve("a-again.md"), "# A\nAlpha.").toFile();
        File fresh = Files.writeString(dir.resolve("c.md"), "# C\nCharlie.").toFile();
        File bAgain = Files.writeString(dir.resolve("b-again.md"), "# B\nBravo.").toFile();
        browser.test(view.upload).uploadAll(aAgain, fresh, bAgain);

        assertThat(view.shownDocuments()).extracting(KnowledgeDocument::title).contains("c.md");
        ConfirmDialog first = browser.find(ConfirmDialog.class).single();
        assertThat(browser.test(first).getText()).contains("'a-again.md'");
        browser.test(first).confirm();
        ConfirmDialog second = browser.find(ConfirmDialog.class).single();
        assertThat(browser.test(second).getText()).contains("'b-again.md'");
        browser.test(second).cancel();
        assertThat(browser.find(ConfirmDialog.class).exists()).isFalse();
        assertThat(view.shownDocuments()).extracting(KnowledgeDocument::title)
                .containsExactlyInAnyOrder("a.md", "b.md", "c.md", "a-again.md");
    }

    @Test
    void deleteAsksFirstAndRemovesTheDocument() {
        Workspace ws = workspaceWithBot();
        as(ws.owner(), () -> knowledge.addText(ws.bot(), "Old notes", "Nothing important."));
        BrowserlessUIContext browser = window(ws.owner());
        KnowledgeView view = open(browser, ws.bot());

        browser.test(actionButton(browser, view, "Delete Old notes")).click();
        ConfirmDialog confirm = browser.find(ConfirmDialog.class).single();
        assertThat(browser.test(confirm).getHeader()).isEqualTo("Delete Old notes?");
        browser.test(confirm).cancel();
        assertThat(view.shownDocuments()).hasSize(1);

        browser.test(actionButton(browser, view, "Delete Old notes")).click();
        browser.test(browser.find(ConfirmDialog.class).single()).confirm();
        assertThat(view.shownDocuments()).isEmpty();
        assertThat(view.emptyDocuments.isVisible()).isTrue();
    }

    @Test
    void testAQuestionShowsTheMatchedChunkWithScoreTitleAndHeading() {
        Workspace ws = workspaceWithBot();
        as(ws.owner(), () -> knowledge.addText(ws.bot(), "Billing guide", """
                # Billing
                ## Refunds
                Refunds are paid back to the original card within five working days.
                ## Invoices
                Invoices are e-mailed on the first day of every month as PDF files.
                """));
        BrowserlessUIContext browser = window(ws.owner());
        KnowledgeView view = open(browser, ws.bot());
        awaitInView(view, DocumentStatus.READY);

        browser.test(view.tester.ask).click();
        assertThat(textOf(view.tester.results)).contains("Type a question first.");

        browser.test(view.tester.question).setValue("How long does a refund take?");
        browser.test(view.tester.ask).click();
        List<Component> results = view.tester.results.getChildren().toList();
        assertThat(results).hasSize(2);
        String best = textOf((Div) results.getFirst());
        assertThat(best).contains("Billing guide").contains("Billing › Refunds").contains("five working days");
        assertThat(((Div) results.getFirst()).getChildren().findFirst().orElseThrow()
                .getChildren().filter(Badge.class::isInstance).map(b -> ((Badge) b).getText()).findFirst())
                .hasValueSatisfying(score -> assertThat(score).matches("0\\.\\d\\d"));
    }

    @Test
    void supportCannotOpenThePageWhileEditorsCan() {
        Workspace ws = workspaceWithBot();
        BrowserlessUIContext support = window(newMember(ws.owner(), Role.SUPPORT));
        assertThat(navigationLabels(support)).doesNotContain("Knowledge");
        support.getUI().navigate("knowledge");
        assertThat(support.getCurrentView()).isInstanceOf(RouteNotFoundError.class);
        support.getUI().navigate("knowledge/" + ws.bot());
        assertThat(support.getCurrentView()).isInstanceOf(RouteNotFoundError.class);
        assertThat(support.find(KnowledgeView.class).exists()).isFalse();

        BrowserlessUIContext editor = window(newMember(ws.owner(), Role.EDITOR));
        assertThat(navigationLabels(editor)).contains("Knowledge");
        editor.getUI().navigate("knowledge");
        assertThat(editor.getCurrentView()).isInstanceOf(KnowledgeView.class);
        assertThat(((KnowledgeView) editor.getCurrentView()).botSelect.getValue().id()).isEqualTo(ws.bot());
    }

    @Test
    void workspaceWithoutBotsSaysWhatToDo() {
        ParleyPrincipal owner = workspaces.newOwner();
        SecurityContextHolder.clearContext();
        BrowserlessUIContext browser = window(owner);
        browser.getUI().navigate("knowledge");
        KnowledgeView view = (KnowledgeView) browser.getCurrentView();
        assertThat(view.noBots.isVisible()).isTrue();
        assertThat(view.content.isVisible()).isFalse();
        assertThat(textOf(view.noBots)).contains("create one first").contains("Create a bot");

        browser.getUI().navigate("knowledge/" + UUID.randomUUID());
        assertThat(browser.getCurrentView()).isNotInstanceOf(KnowledgeView.class);
    }

    @Test
    void websiteAddedThroughTheDialogSyncsAndItsPagesBecomeDocuments() {
        LocalCrawling.allow(spring);
        try (TestSite site = TestSite.start()) {
            site.page("/", "<html><head><title>Kites</title></head><body><main><h1>Kites</h1>"
                    + "<p>We sell stunt kites and repair broken spars within a week.</p><a href=\"/lines\">Lines</a></main></body></html>")
                    .page("/lines", "<html><head><title>Lines</title></head><body><main><h1>Lines</h1>"
                    + "<p>Dyneema kite lines come in lengths of twenty and thirty metres.</p></main></body></html>");
            Workspace ws = workspaceWithBot();
            BrowserlessUIContext browser = window(ws.owner());
            KnowledgeView view = open(browser, ws.bot());
            assertThat(view.sources.empty.isVisible()).isTrue();
            assertThat(textOf(view.sources.empty)).contains("No websites yet");

            browser.test(view.addWebsite).click();
            SourceDialog dialog = browser.find(SourceDialog.class).single();
            browser.test(dialog.kind).selectItem("Whole site");
            assertThat(dialog.maxDepth.isVisible()).isTrue();
            browser.test(dialog.url).setValue(site.url("/"));
            browser.test(dialog.maxDepth).setValue(1);
            browser.test(dialog.save).click();

            assertThat(dialog.isOpened()).isFalse();
            assertThat(view.sources.shown()).singleElement().satisfies(s -> assertThat(s.url()).isEqualTo(site.url("/")));
            assertThat(browser.test(view.sources.grid).getCellText(0, 1)).isEqualTo("Whole site");
            assertThat(browser.getUI().getPollInterval()).isEqualTo(KnowledgeView.POLL_MS);

            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            while (!(view.sources.shown().getFirst().status() == SourceStatus.READY && view.shownDocuments().size() == 2
                    && view.shownDocuments().stream().allMatch(d -> d.status() == DocumentStatus.READY))) {
                assertThat(Instant.now()).as("source and its pages ready in time").isBefore(deadline);
                assertThat(view.sources.shown().getFirst().status()).isNotEqualTo(SourceStatus.FAILED);
                sleep();
                view.refresh(); // what a poll does
            }
            assertThat(((Badge) browser.test(view.sources.grid).getCellComponent(0, 2)).getText()).isEqualTo("Ready");
            assertThat(browser.test(view.sources.grid).getCellText(0, 3)).isEqualTo("2 pages");
            assertThat(view.shownDocuments()).extracting(KnowledgeDocument::sourceUrl)
                    .containsExactlyInAnyOrder(site.url("/"), site.url("/lines"));
            assertThat(browser.test(view.documents).getCellText(0, 1)).isEqualTo("Web page");
            assertThat(browser.getUI().getPollInterval()).isEqualTo(-1);
        } finally {
            LocalCrawling.reset(spring);
        }
    }

    @Test
    void javascriptUrlShowsAMessageNextToTheFieldAndAddsNothing() {
        Workspace ws = workspaceWithBot();
        BrowserlessUIContext browser = window(ws.owner());
        KnowledgeView view = open(browser, ws.bot());

        browser.test(view.addWebsite).click();
        SourceDialog dialog = browser.find(SourceDialog.class).single();
        browser.test(dialog.url).setValue("javascript:alert(1)");
        browser.test(dialog.save).click();

        assertThat(dialog.isOpened()).isTrue();
        assertThat(dialog.url.isInvalid()).isTrue();
        assertThat(dialog.url.getErrorMessage()).contains("not javascript:");
        assertThat(view.sources.shown()).isEmpty();
        assertThat(as(ws.owner(), () -> web.listSources(ws.bot()))).isEmpty();
    }

    @Test
    void deletingAWebsiteAsksFirstAndRemovesIt() {
        LocalCrawling.allow(spring);
        try (TestSite site = TestSite.start()) {
            site.page("/", "<html><head><title>Help</title></head><body><main><h1>Help</h1>"
                    + "<p>Call the help desk on weekdays between nine and five.</p></main></body></html>");
            Workspace ws = workspaceWithBot();
            String url = site.url("/");
            var source = as(ws.owner(), () -> web.addPage(ws.bot(), url));
            BrowserlessUIContext browser = window(ws.owner());
            KnowledgeView view = open(browser, ws.bot());
            assertThat(view.sources.shown()).extracting(KnowledgeSource::id).containsExactly(source.id());

            browser.test(sourceAction(browser, view, "Delete " + url)).click();
            ConfirmDialog confirm = browser.find(ConfirmDialog.class).single();
            assertThat(browser.test(confirm).getHeader()).isEqualTo("Delete " + url + "?");
            browser.test(confirm).cancel();
            assertThat(view.sources.shown()).hasSize(1);

            browser.test(sourceAction(browser, view, "Delete " + url)).click();
            browser.test(browser.find(ConfirmDialog.class).single()).confirm();
            assertThat(view.sources.shown()).isEmpty();
            assertThat(view.sources.empty.isVisible()).isTrue();
            assertThat(as(ws.owner(), () -> web.findSource(source.id()))).isEmpty();
            assertThat(view.shownDocuments()).isEmpty();
        } finally {
            LocalCrawling.reset(spring);
        }
    }

    static Button sourceAction(BrowserlessUIContext browser, KnowledgeView view, String label) {
        Component actions = browser.test(view.sources.grid).getCellComponent(0, 5);
        return actions.getChildren().map(Button.class::cast)
                .filter(b -> label.equals(b.getElement().getAttribute("aria-label"))).findFirst().orElseThrow();
    }

    static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    // --- helpers

    record Workspace(ParleyPrincipal owner, UUID bot) {}

    Workspace workspaceWithBot() {
        ParleyPrincipal owner = workspaces.newOwner();
        UUID bot = workspaces.newBot("Helper").id();
        SecurityContextHolder.clearContext();
        return new Workspace(owner, bot);
    }

    BrowserlessUIContext window(ParleyPrincipal who) {
        return app.newUser(accounts.authenticationFor(who)).newWindow();
    }

    static KnowledgeView open(BrowserlessUIContext browser, UUID bot) {
        browser.getUI().navigate("knowledge/" + bot);
        return (KnowledgeView) browser.getCurrentView();
    }

    ParleyPrincipal newMember(ParleyPrincipal owner, Role role) {
        String email = role.name().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        TeamService.InvitationLink link = as(owner, () -> team.invite(email, role));
        return team.accept(link.token(), role.label() + " Person", "correct-horse-42");
    }

    <T> T as(ParleyPrincipal who, java.util.function.Supplier<T> work) {
        var previous = SecurityContextHolder.getContext();
        workspaces.signIn(who);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    /** Calls the view's refresh (what a poll does) until the only document has the status. */
    static KnowledgeDocument awaitInView(KnowledgeView view, DocumentStatus wanted) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            view.refresh();
            KnowledgeDocument doc = view.shownDocuments().getFirst();
            if (doc.status() == wanted) return doc;
            assertThat(doc.status()).as(doc.failureReason()).isNotEqualTo(DocumentStatus.FAILED);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("not " + wanted + " in time");
    }

    /** The action button with this label in the first row (cells are rendered on demand, not in the UI tree). */
    static Button actionButton(BrowserlessUIContext browser, KnowledgeView view, String label) {
        Component actions = browser.test(view.documents).getCellComponent(0, 6);
        return actions.getChildren().map(Button.class::cast)
                .filter(b -> label.equals(b.getElement().getAttribute("aria-label"))).findFirst().orElseThrow();
    }

    static List<String> notifications(BrowserlessUIContext browser) {
        return browser.find(Notification.class).all().stream().map(n -> browser.test(n).getText()).toList();
    }

    static List<String> navigationLabels(BrowserlessUIContext browser) {
        return browser.find(SideNav.class).single().getItems().stream().map(SideNavItem::getLabel).toList();
    }

    static String textOf(Component component) {
        return component.getElement().getTextRecursively();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
