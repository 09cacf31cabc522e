package dev.parley.console.conversations;

import static dev.parley.chat.ChatFixtures.exchange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.vaadin.browserless.BrowserlessUIContext;
import com.vaadin.flow.component.HasElement;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.RouteNotFoundError;
import dev.parley.chat.AnswerMode;
import dev.parley.chat.ChatFixtures;
import dev.parley.chat.ConversationStarted;
import dev.parley.console.ConsoleTest;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.BotSettings;
import dev.parley.tenancy.ParleyPrincipal;
import dev.parley.tenancy.Role;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;

/** The conversations list and transcript without a browser: filters, empty states, export, roles, live updates. */
class ConversationsViewTest extends ConsoleTest {

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Autowired BotService bots;
    @Autowired ApplicationEventPublisher events;

    ParleyPrincipal owner;
    UUID bot;
    UUID norway;

    @BeforeEach
    void conversations() {
        owner = newWorkspace("Support Co");
        bot = as(owner, () -> bots.create(BotSettings.defaults("Shop bot"))).id();
        norway = inTenant(owner, db -> exchange(db, bot, "Do you ship to Norway?", "Yes, in 3 days.", AnswerMode.LLM, NOW));
        inTenant(owner, db -> exchange(db, bot, "Can I pay with 100% gift cards?", "I don't know.", AnswerMode.UNANSWERED,
                NOW.minus(2, ChronoUnit.HOURS)));
        inTenant(owner, db -> exchange(db, bot, "Opening hours?", "Nine to five.", AnswerMode.EXTRACTIVE,
                NOW.minus(3, ChronoUnit.DAYS)));
    }

    @Test
    void supportSeesTheLatestFirstAndNarrowsWithFilters() {
        BrowserlessUIContext support = window(newMember(owner, Role.SUPPORT));
        ConversationsView view = support.navigate(ConversationsView.class);

        assertThat(view.total.getText()).isEqualTo("3 conversations");
        assertThat(firstQuestion(support, view, 0)).isEqualTo("Do you ship to Norway?");
        assertThat(firstQuestion(support, view, 1)).isEqualTo("Can I pay with 100% gift cards?");

        support.test(view.filters.text).setValue("100%");
        assertThat(view.total.getText()).isEqualTo("1 conversation");
        assertThat(firstQuestion(support, view, 0)).isEqualTo("Can I pay with 100% gift cards?");

        support.test(view.filters.text).setValue("");
        support.test(view.filters.outcome).selectItem("Some unanswered");
        assertThat(view.total.getText()).isEqualTo("1 conversation");
        support.test(view.filters.outcome).selectItem("Any");
        support.test(view.filters.mode).selectItem("LLM");
        assertThat(view.total.getText()).isEqualTo("1 conversation");
        assertThat(firstQuestion(support, view, 0)).isEqualTo("Do you ship to Norway?");
        support.test(view.filters.clear).click();
        assertThat(view.total.getText()).isEqualTo("3 conversations");

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        support.test(view.filters.from).setValue(today.minusDays(1));
        String fromYesterday = view.total.getText();
        support.test(view.filters.to).setValue(today.minusDays(2));
        assertThat(view.filters.to.isInvalid()).isTrue();
        assertThat(view.filters.to.getErrorMessage()).isEqualTo("The end date comes before the start date.");
        assertThat(view.total.getText()).as("the last valid filter stays").isEqualTo(fromYesterday);
        support.test(view.filters.to).setValue(today);
        assertThat(view.filters.to.isInvalid()).isFalse();
    }

    @Test
    void emptyStatesSayWhatToDoNext() {
        BrowserlessUIContext fresh = window(newWorkspace("Empty Co"));
        ConversationsView view = fresh.navigate(ConversationsView.class);
        assertThat(view.grid.isVisible()).isFalse();
        assertThat(view.emptyText.getText()).startsWith("No conversations yet. Put the bot on your site");

        BrowserlessUIContext support = window(owner);
        ConversationsView busy = support.navigate(ConversationsView.class);
        support.test(busy.filters.text).setValue("zebra");
        assertThat(busy.empty.isVisible()).isTrue();
        assertThat(busy.emptyText.getText()).startsWith("No conversation matches these filters.");
    }

    @Test
    void exportDownloadsTheFilteredMessages() {
        BrowserlessUIContext support = window(newMember(owner, Role.SUPPORT));
        ConversationsView view = support.navigate(ConversationsView.class);
        support.test(view.filters.text).setValue("norway");

        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        support.test(view.exportCsv).download(csv);

        String text = csv.toString(StandardCharsets.UTF_8);
        assertThat(text.split("\r\n")).hasSize(3);
        assertThat(text).contains("Do you ship to Norway?").doesNotContain("gift cards");
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        support.test(view.exportJson).download(json);
        assertThat(json.toString(StandardCharsets.UTF_8)).startsWith("[{\"conversation_id\":\"" + norway + "\"");
    }

    @Test
    void transcriptShowsEachAnswersSourcesModeTimingsAndTokensAndResolves() {
        BrowserlessUIContext support = window(newMember(owner, Role.SUPPORT));
        support.getUI().navigate("conversations/" + norway);
        TranscriptView view = (TranscriptView) support.getCurrentView();

        assertThat(view.title.getText()).startsWith("Shop bot · visitor");
        List<MessageCard> cards = support.find(MessageCard.class).all();
        assertThat(cards).hasSize(2);
        List<String> facts = support.find(Span.class, cards.get(1)).all().stream().map(Span::getText).toList();
        assertThat(facts).contains("First token 120 ms", "Total 900 ms", "Tokens 300 in / 40 out", "Model gpt-4o-mini");
        Details sources = support.find(Details.class, cards.get(1)).single();
        assertThat(sources.getSummaryText()).isEqualTo("Sources (1)");
        assertThat(support.find(com.vaadin.flow.component.html.Anchor.class, sources).single().getText())
                .isEqualTo("[1] Shipping guide § Abroad");
        assertThat(support.find(Span.class, sources).all()).extracting(Span::getText).contains("score 0.812");

        assertThat(view.resolve.getText()).isEqualTo("Mark resolved");
        support.test(view.resolve).click();
        assertThat(view.resolve.getText()).isEqualTo("Reopen");
        assertThat(countAll("SELECT count(*) FROM conversations WHERE id = ? AND status = 'RESOLVED'", norway)).isEqualTo(1);
        support.test(view.resolve).click();
        assertThat(view.resolve.getText()).isEqualTo("Mark resolved");

        support.getUI().navigate("conversations/not-a-uuid");
        assertThat(((TranscriptView) support.getCurrentView()).missing.isVisible()).isTrue();
        ParleyPrincipal stranger = newWorkspace("Other Co");
        BrowserlessUIContext other = window(stranger);
        other.getUI().navigate("conversations/" + norway);
        assertThat(((TranscriptView) other.getCurrentView()).missing.isVisible()).as("another workspace's conversation").isTrue();
    }

    @Test
    void anIdentifiedVisitorsNameAndEmailShowAsLiteralTextInTheTranscriptAndTheGrid() {
        String hostileName = "<img src=x onerror=alert(1)>";
        identify(norway, hostileName, "ada@example.com");
        UUID mailOnly = inTenant(owner, db -> exchange(db, bot, "Where is my parcel?", "On its way.", AnswerMode.LLM, NOW.minusSeconds(60)));
        identify(mailOnly, null, "javascript:alert(1)//@example.com");
        BrowserlessUIContext support = window(newMember(owner, Role.SUPPORT));

        support.getUI().navigate("conversations/" + norway);
        TranscriptView transcript = (TranscriptView) support.getCurrentView();
        assertThat(transcript.title.getText()).isEqualTo("Shop bot · " + hostileName);
        assertThat(transcript.visitor.isVisible()).isTrue();
        assertThat(transcript.visitor.getElement().getTextRecursively())
                .startsWith("Identified visitor: " + hostileName + " · ada@example.com · id visitor-");
        assertThat(transcript.visitorEmail.getHref()).isEqualTo("mailto:ada@example.com");
        String html = transcript.getElement().getOuterHTML();
        assertThat(html).contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img");

        support.getUI().navigate("conversations/" + mailOnly);
        TranscriptView second = (TranscriptView) support.getCurrentView();
        assertThat(second.title.getText()).isEqualTo("Shop bot · javascript:alert(1)//@example.com");
        assertThat(second.visitorEmail.getHref()).isEqualTo("mailto:javascript:alert(1)//@example.com");

        ConversationsView list = support.navigate(ConversationsView.class);
        assertThat(firstQuestion(support, list, 0)).isEqualTo("Do you ship to Norway?");
        assertThat(visitorTexts(support, list, 0)).containsExactly(hostileName, "ada@example.com");
        assertThat(visitorTexts(support, list, 1)).containsExactly("javascript:alert(1)//@example.com");
        assertThat(visitorTexts(support, list, 2)).singleElement().asString().startsWith("visitor visitor-");
        assertThat(list.grid.getElement().getOuterHTML()).doesNotContain("<img");

        support.getUI().navigate("conversations/" + inTenant(owner, db -> db.sql(
                "SELECT id FROM conversations WHERE visitor_name IS NULL AND visitor_email IS NULL LIMIT 1").query(UUID.class).single()));
        TranscriptView anonymous = (TranscriptView) support.getCurrentView();
        assertThat(anonymous.title.getText()).startsWith("Shop bot · visitor visitor-");
        assertThat(anonymous.visitor.isVisible()).as("nothing to show for an anonymous visitor").isFalse();
    }

    @Test
    void navigationByRoleAndForbiddenAddresses() {
        BrowserlessUIContext support = window(newMember(owner, Role.SUPPORT));
        BrowserlessUIContext editor = window(newMember(owner, Role.EDITOR));
        BrowserlessUIContext ownerWindow = window(owner);

        assertThat(navigation(support)).containsExactly("Overview", "Conversations", "Unanswered");
        assertThat(navigation(editor)).containsExactly("Overview", "Knowledge", "Unanswered");
        assertThat(navigation(ownerWindow)).contains("Conversations", "Unanswered");
        assertThat(open(editor, "conversations")).isInstanceOf(RouteNotFoundError.class);
        assertThat(open(editor, "conversations/" + norway)).isInstanceOf(RouteNotFoundError.class);
        assertThat(editor.find(MessageCard.class).exists()).isFalse();
        assertThat(open(support, "knowledge")).isInstanceOf(RouteNotFoundError.class);
        assertThat(open(support, "conversations")).isInstanceOf(ConversationsView.class);
    }

    @Test
    void aVisitorsNewConversationAppearsLiveOnlyInItsOwnWorkspace() throws Exception {
        BrowserlessUIContext support = window(newMember(owner, Role.SUPPORT));
        ConversationsView view = support.navigate(ConversationsView.class);
        ParleyPrincipal stranger = newWorkspace("Other Co");
        BrowserlessUIContext other = window(stranger);
        ConversationsView otherView = other.navigate(ConversationsView.class);

        UUID fresh = inTenant(owner, db -> ChatFixtures.conversation(db, bot, "visitor-new", Instant.now()));
        inTenant(owner, db -> ChatFixtures.question(db, fresh, "Is the shop open on Sunday?", Instant.now()));
        events.publishEvent(new ConversationStarted(owner.tenant().value(), bot, fresh, "visitor-new"));

        await().pollInSameThread().atMost(Duration.ofSeconds(10)).until(() -> {
            runPushedWork(support);
            return view.total.getText().equals("4 conversations");
        });
        assertThat(firstQuestion(support, view, 0)).isEqualTo("Is the shop open on Sunday?");
        Thread.sleep(200);
        runPushedWork(other);
        assertThat(otherView.total.getText()).isEqualTo("0 conversations");
    }

    /** Browserless windows hold their session's lock, so work pushed from other threads waits for the test to run it. */
    private static void runPushedWork(BrowserlessUIContext window) {
        window.activate();
        var session = window.getUI().getSession();
        session.getService().runPendingAccessTasks(session);
    }

    private static String firstQuestion(BrowserlessUIContext browser, ConversationsView view, int row) {
        var cell = browser.test(view.grid).getCellComponent(row, 0);
        return browser.find(com.vaadin.flow.router.RouterLink.class, cell).single().getText();
    }

    private void identify(UUID conversation, String name, String email) {
        inTenant(owner, db -> db.sql("UPDATE conversations SET visitor_name = ?, visitor_email = ? WHERE id = ?")
                .params(name, email, conversation).update());
    }

    private static List<String> visitorTexts(BrowserlessUIContext browser, ConversationsView view, int row) {
        var cell = browser.test(view.grid).getCellComponent(row, 1);
        return browser.find(Span.class, cell).all().stream().map(Span::getText).toList();
    }

    private static List<String> navigation(BrowserlessUIContext browser) {
        browser.activate();
        return browser.find(SideNav.class).single().getItems().stream().map(SideNavItem::getLabel).toList();
    }

    private static HasElement open(BrowserlessUIContext browser, String address) {
        browser.activate();
        browser.getUI().navigate(address);
        return browser.getCurrentView();
    }
}
