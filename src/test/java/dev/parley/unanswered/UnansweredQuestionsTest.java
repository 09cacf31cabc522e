package dev.parley.unanswered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.parley.TestWorkspaces;
import dev.parley.WebIntegrationTest;
import dev.parley.chat.ChatClient;
import dev.parley.knowledge.AwaitDocument;
import dev.parley.knowledge.KnowledgeDocument;
import dev.parley.knowledge.KnowledgeService;
import dev.parley.knowledge.SourceType;
import dev.parley.tenancy.ApiKeyService;
import dev.parley.tenancy.ApiScope;
import dev.parley.tenancy.ParleyPrincipal;
import dev.parley.tenancy.Role;
import dev.parley.tenancy.TeamService;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The unanswered queue end to end through the chat API: questions the bot cannot answer are
 * grouped by similarity; a curated answer becomes knowledge; the same questions asked again are
 * answered with it.
 */
class UnansweredQuestionsTest extends WebIntegrationTest {

    static final String HOSTILE_ANSWER = "<b>Yes!</b> <img src=x onerror=alert(1)> Mars shipping takes nine months.";

    @Autowired TestWorkspaces workspaces;
    @Autowired KnowledgeService knowledge;
    @Autowired ApiKeyService keys;
    @Autowired TeamService team;
    @Autowired UnansweredQuestions unanswered;

    ParleyPrincipal owner;
    UUID bot;
    ChatClient client;

    @BeforeEach
    void botThatKnowsOnlyItsOpeningHours() {
        owner = workspaces.newOwner();
        bot = workspaces.newBot("Shop helper").id();
        AwaitDocument.finished(knowledge, knowledge.addText(bot, "Opening hours",
                "Our shop opens at nine in the morning and closes at five in the afternoon on weekdays.").id());
        client = new ChatClient(baseUrl(), keys.create("chat", Set.of(ApiScope.CHAT)).secretKey());
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void askUnansweredCurateAndAskAgainAnswered() {
        assertThat(ask("Do you ship to Mars?")).isEqualTo("UNANSWERED");
        assertThat(ask("Do you deliver to Mars?")).isEqualTo("UNANSWERED");
        assertThat(ask("Do you sell gift cards?")).isEqualTo("UNANSWERED");

        List<QuestionGroup> open = awaitFiled(3);
        assertThat(open).extracting(QuestionGroup::question).containsExactly("Do you sell gift cards?", "Do you ship to Mars?");
        QuestionGroup mars = open.get(1);
        assertThat(mars.count()).isEqualTo(2);
        assertThat(mars.examples()).containsExactly("Do you deliver to Mars?", "Do you ship to Mars?");
        assertThat(mars.botName()).isEqualTo("Shop helper");

        QuestionGroup resolved = unanswered.curate(mars.id(), "Do you ship to Mars?", HOSTILE_ANSWER);

        assertThat(resolved.resolved()).isTrue();
        assertThat(resolved.answer()).as("stored as the text it is").isEqualTo(HOSTILE_ANSWER);
        KnowledgeDocument qa = knowledge.list(bot).stream().filter(d -> d.sourceType() == SourceType.QA).findFirst().orElseThrow();
        assertThat(qa.title()).isEqualTo("Do you ship to Mars?");
        AwaitDocument.finished(knowledge, qa.id());
        assertThat(unanswered.groups(bot, false, 0, 10)).extracting(QuestionGroup::question).containsExactly("Do you sell gift cards?");
        assertThat(unanswered.groups(bot, true, 0, 10)).extracting(QuestionGroup::id).containsExactly(mars.id());

        ChatClient.Sent again = send("Do you ship to Mars?");
        assertThat(again.done().get("mode").asString()).isNotEqualTo("UNANSWERED");
        assertThat(again.text()).contains("Mars shipping takes nine months").contains("<b>Yes!</b>");
        ChatClient.Sent rephrased = send("Do you deliver to Mars?");
        assertThat(rephrased.text()).contains("Mars shipping takes nine months");
        assertThat(unanswered.count(bot, false)).as("nothing new in the queue").isEqualTo(1);
    }

    @Test
    void badAnswersAreRefusedNextToTheirFieldAndChangeNothing() {
        ask("Do you sell gift cards?");
        QuestionGroup cards = awaitFiled(1).getFirst();
        ParleyPrincipal support = member(Role.SUPPORT);

        workspaces.signIn(support);
        assertThat(unanswered.groups(null, false, 0, 10)).hasSize(1);
        assertThatThrownBy(() -> unanswered.curate(cards.id(), cards.question(), "Yes.")).isInstanceOf(AccessDeniedException.class);

        workspaces.signIn(owner);
        assertThatThrownBy(() -> unanswered.curate(cards.id(), cards.question(), "   "))
                .isInstanceOfSatisfying(CurationRefused.class, e -> assertThat(e.field()).isEqualTo("answer"))
                .hasMessage("Write the answer the bot should give.");
        assertThatThrownBy(() -> unanswered.curate(cards.id(), "", "Yes."))
                .isInstanceOfSatisfying(CurationRefused.class, e -> assertThat(e.field()).isEqualTo("question"));
        assertThatThrownBy(() -> unanswered.curate(cards.id(), cards.question(), "x".repeat(10_001)))
                .hasMessage("An answer has at most 10,000 characters; this one has 10,001.");
        assertThat(unanswered.count(bot, false)).isEqualTo(1);
        assertThat(knowledge.list(bot)).noneMatch(d -> d.sourceType() == SourceType.QA);

        unanswered.curate(cards.id(), cards.question(), "Yes, from 10 to 500 euros.");
        assertThatThrownBy(() -> unanswered.curate(cards.id(), cards.question(), "No."))
                .hasMessage("Someone answered this question already.");
        assertThat(knowledge.list(bot)).filteredOn(d -> d.sourceType() == SourceType.QA).hasSize(1);
        assertThat(unanswered.groups(bot, true, 0, 10).getFirst().answer()).isEqualTo("Yes, from 10 to 500 euros.");

        workspaces.newOwner();
        assertThat(unanswered.groups(null, false, 0, 10)).as("another workspace").isEmpty();
        assertThat(unanswered.groups(null, true, 0, 10)).isEmpty();
    }

    private String ask(String question) {
        return send(question).done().get("mode").asString();
    }

    private ChatClient.Sent send(String question) {
        return client.send(client.start(bot), question);
    }

    private List<QuestionGroup> awaitFiled(int questions) {
        await().pollInSameThread().atMost(Duration.ofSeconds(30)).until(() -> unanswered.groups(bot, false, 0, 50).stream()
                .mapToInt(QuestionGroup::count).sum() == questions);
        return unanswered.groups(bot, false, 0, 50);
    }

    private ParleyPrincipal member(Role role) {
        String email = role.name().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        TeamService.InvitationLink link = team.invite(email, role);
        return team.accept(link.token(), role.label() + " Person", "correct-horse-42");
    }
}
