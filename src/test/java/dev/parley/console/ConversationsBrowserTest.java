package dev.parley.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.parley.BrowserIntegrationTest;
import dev.parley.TestWorkspaces;
import dev.parley.chat.ChatClient;
import dev.parley.knowledge.AwaitDocument;
import dev.parley.knowledge.KnowledgeService;
import dev.parley.knowledge.SourceType;
import dev.parley.platform.OwnerDatabase;
import dev.parley.tenancy.ApiKeyService;
import dev.parley.tenancy.ApiScope;
import dev.parley.tenancy.ParleyPrincipal;
import dev.parley.unanswered.UnansweredQuestions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Support work in Debian's Chromium against a real server, with visitors on the chat API: open a
 * transcript and its sources, watch a new message arrive through Vaadin Push, export CSV, answer an
 * unanswered question and see the chat API answer it. Takes the screenshots of these views.
 */
class ConversationsBrowserTest extends BrowserIntegrationTest {

    @Autowired TestWorkspaces workspaces;
    @Autowired KnowledgeService knowledge;
    @Autowired ApiKeyService keys;
    @Autowired UnansweredQuestions unanswered;
    @Autowired ApplicationContext spring;

    ParleyPrincipal owner;
    UUID bot;
    ChatClient visitor;
    UUID shipping;

    @BeforeEach
    void shopWithTwoVisitors() {
        owner = workspaces.newOwner();
        bot = workspaces.newBot("Shop helper").id();
        AwaitDocument.finished(knowledge, knowledge.addText(bot, "Shipping", "We ship to Norway, Sweden and Denmark within "
                + "three days. Shipping is free for orders above 50 euros.").id());
        visitor = new ChatClient(baseUrl(), keys.create("chat", Set.of(ApiScope.CHAT)).secretKey());
        shipping = visitor.start(bot);
        assertThat(visitor.send(shipping, "Do you ship to Norway?").done().get("mode").asString()).isEqualTo("EXTRACTIVE");
        assertThat(visitor.send(visitor.start(bot), "Do you sell gift cards?").done().get("mode").asString()).isEqualTo("UNANSWERED");
        await().pollInSameThread().atMost(Duration.ofSeconds(30)).until(() -> unanswered.count(bot, false) == 1);
        // The shipping visitor is signed in on the shop (Parley.identify stores this from the site's token).
        OwnerDatabase.jdbc(spring).sql("UPDATE conversations SET visitor_name = ?, visitor_email = ? WHERE id = ?")
                .params("Ada Lindqvist", "ada@lindqvist.example", shipping).update();
    }

    @Test
    void transcriptSourcesLiveMessageExportAndCuratedAnswer() throws Exception {
        Page page = signedIn(1440, 900);

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Conversations")).first().click();
        assertThat(page.getByText("2 conversations")).isVisible();
        shot(page, "conversations", "desktop");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Do you ship to Norway?")).click();
        page.waitForURL(Pattern.compile(".*/conversations/" + shipping + "$"));
        assertThat(page.getByText("Identified visitor: Ada Lindqvist · ada@lindqvist.example", new Page.GetByTextOptions()
                .setExact(false))).isVisible();
        page.getByText("Sources (1)").click();
        assertThat(page.getByText("[1] Shipping", new Page.GetByTextOptions().setExact(true))).isVisible();
        assertThat(page.getByText(Pattern.compile("^score 0\\.\\d{3}$"))).isVisible();
        assertThat(page.getByText("Extractive")).isVisible();
        shot(page, "transcript", "desktop");

        // A visitor writes while the transcript is open: the message arrives through Push, no reload.
        visitor.send(shipping, "Is shipping free?");
        assertThat(page.getByText("Is shipping free?")).isVisible();
        assertThat(page.getByText("4 messages", new Page.GetByTextOptions().setExact(false))).isVisible();

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Mark resolved")).click();
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Reopen"))).isVisible();

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("← All conversations")).click();
        Download download = page.waitForDownload(() -> page.getByText("Export CSV").click());
        String csv = Files.readString(download.path(), StandardCharsets.UTF_8);
        assertThat(download.suggestedFilename()).matches("conversations-\\d{4}-\\d{2}-\\d{2}\\.csv");
        assertThat(csv).startsWith("\uFEFFconversation_id,bot,visitor_id,visitor_name,visitor_email,conversation_status,message_id,created_at,role,content");
        assertThat(csv).contains(",Ada Lindqvist,ada@lindqvist.example,RESOLVED,").contains("Do you ship to Norway?").contains("Is shipping free?")
                .contains("Do you sell gift cards?");
        assertThat(csv.split("\r\n")).hasSize(7);

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Unanswered")).first().click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Unanswered questions"))).isVisible();
        assertThat(page.getByText("Do you sell gift cards?")).isVisible();
        shot(page, "unanswered", "desktop");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Answer").setExact(true)).click();
        page.getByLabel("Answer", new Page.GetByLabelOptions().setExact(true))
                .fill("Yes: gift cards from 10 to 500 euros, sold in every shop.");
        shot(page, "unanswered-answering", "desktop");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save answer")).click();
        assertThat(page.getByText("Answered (1)")).isVisible();

        UUID qa = knowledge.list(bot).stream().filter(d -> d.sourceType() == SourceType.QA).findFirst().orElseThrow().id();
        AwaitDocument.finished(knowledge, qa);
        ChatClient.Sent again = visitor.send(visitor.start(bot), "Do you sell gift cards?");
        assertThat(again.done().get("mode").asString()).isNotEqualTo("UNANSWERED");
        assertThat(again.text()).contains("gift cards from 10 to 500 euros");
    }

    @Test
    void mobileScreens() {
        Page page = signedIn(390, 844);
        page.navigate("/conversations");
        assertThat(page.getByText("2 conversations")).isVisible();
        shot(page, "conversations", "mobile");
        page.navigate("/conversations/" + shipping);
        page.getByText("Sources (1)").click();
        shot(page, "transcript", "mobile");
        page.navigate("/unanswered");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Unanswered questions"))).isVisible();
        assertThat(page.getByText("Do you sell gift cards?")).isVisible();
        shot(page, "unanswered", "mobile");
    }

    private Page signedIn(int width, int height) {
        Page page = signIn(owner.email(), TestWorkspaces.passwordOf(owner), width, height);
        assertThat(page.getByText("Welcome, " + owner.displayName())).isVisible();
        return page;
    }

    private static void shot(Page page, String name, String device) {
        consoleShot(page, name, device, false);
    }
}
