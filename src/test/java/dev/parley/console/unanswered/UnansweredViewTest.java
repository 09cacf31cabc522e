package dev.parley.console.unanswered;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.BrowserlessUIContext;
import com.vaadin.flow.component.html.Div;
import dev.parley.chat.AnswerMode;
import dev.parley.chat.ChatFixtures;
import dev.parley.console.ConsoleTest;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.BotSettings;
import dev.parley.tenancy.ParleyPrincipal;
import dev.parley.tenancy.Role;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The unanswered queue without a browser: groups with counts, answering in place, roles, empty states. */
class UnansweredViewTest extends ConsoleTest {

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Autowired BotService bots;

    ParleyPrincipal owner;
    UUID bot;

    @BeforeEach
    void twoGroups() {
        owner = newWorkspace("Queue Co");
        bot = as(owner, () -> bots.create(BotSettings.defaults("Shop bot"))).id();
        group(List.of("Do you ship to Mars?", "Do you deliver to Mars?", "do you ship to mars"), NOW.minus(1, ChronoUnit.HOURS));
        group(List.of("Do you sell gift cards?"), NOW.minus(5, ChronoUnit.MINUTES));
    }

    @Test
    void editorSeesGroupsNewestFirstAndAnswersOneInPlace() {
        BrowserlessUIContext editor = window(newMember(owner, Role.EDITOR));
        UnansweredView view = editor.navigate(UnansweredView.class);

        List<GroupCard> cards = editor.find(GroupCard.class).all();
        assertThat(cards).hasSize(2);
        assertThat(text(editor, cards.get(0))).contains("Do you sell gift cards?", "Asked once");
        assertThat(text(editor, cards.get(1))).contains("Do you ship to Mars?", "Asked 3 times", "Do you deliver to Mars?");
        assertThat(view.open.getLabel()).isEqualTo("Open (2)");

        GroupCard mars = cards.get(1);
        editor.test(mars.write).click();
        assertThat(mars.form.isVisible()).isTrue();
        assertThat(mars.question.getValue()).isEqualTo("Do you ship to Mars?");
        editor.test(mars.save).click();
        assertThat(mars.answer.isInvalid()).isTrue();
        assertThat(mars.answer.getErrorMessage()).isEqualTo("Write the answer the bot should give.");
        editor.test(mars.question).setValue("");
        editor.test(mars.answer).setValue("Yes.");
        editor.test(mars.save).click();
        assertThat(mars.question.isInvalid()).isTrue();
        assertThat(countAll("SELECT count(*) FROM documents WHERE bot_id = ?", bot)).as("nothing saved").isZero();

        String html = "<b>Yes</b> <script>alert('x')</script> we ship to Mars.";
        editor.test(mars.question).setValue("Do you ship to Mars?");
        editor.test(mars.answer).setValue(html);
        editor.test(mars.save).click();

        assertThat(view.open.getLabel()).isEqualTo("Open (1)");
        assertThat(view.answered.getLabel()).isEqualTo("Answered (1)");
        assertThat(countAll("SELECT count(*) FROM documents WHERE bot_id = ? AND source_type = 'QA' AND title = ?", bot,
                "Do you ship to Mars?")).isEqualTo(1);
        editor.test(view.tabs).select(1);
        GroupCard answered = editor.find(GroupCard.class).single();
        Div body = editor.find(Div.class, answered).all().stream().filter(d -> d.hasClassName("parley-chunk-text")).findFirst().orElseThrow();
        assertThat(body.getText()).as("rendered as text").isEqualTo(html);
        assertThat(body.getElement().getChildren()).as("no elements made from the markup")
                .allMatch(com.vaadin.flow.dom.Element::isTextNode);
        assertThat(answered.write.isAttached()).isFalse();
    }

    @Test
    void supportReadsButCannotAnswer() {
        BrowserlessUIContext support = window(newMember(owner, Role.SUPPORT));
        support.navigate(UnansweredView.class);

        assertThat(support.find(GroupCard.class).all()).hasSize(2)
                .allSatisfy(card -> assertThat(card.write.isAttached()).isFalse());
    }

    @Test
    void emptyQueueSaysWhatHappensNext() {
        BrowserlessUIContext fresh = window(newWorkspace("Calm Co"));
        UnansweredView view = fresh.navigate(UnansweredView.class);

        assertThat(view.empty.isVisible()).isTrue();
        assertThat(text(fresh, view.empty)).startsWith("Nothing unanswered. When a visitor asks something the bot cannot answer");
        fresh.test(view.tabs).select(1);
        assertThat(text(fresh, view.empty)).startsWith("No answered questions yet.");
    }

    private void group(List<String> questions, Instant at) {
        inTenant(owner, db -> {
            UUID group = UUID.randomUUID();
            db.sql("""
                    INSERT INTO unanswered_groups (tenant_id, id, bot_id, question, first_asked_at, last_asked_at)
                    SELECT tenant_id, ?, id, ?, ?, ? FROM bots WHERE id = ?""")
                    .params(group, questions.getFirst(), java.sql.Timestamp.from(at), java.sql.Timestamp.from(at), bot).update();
            for (int i = 0; i < questions.size(); i++) {
                UUID conversation = ChatFixtures.exchange(db, bot, questions.get(i), "I don't know.", AnswerMode.UNANSWERED, at);
                UUID question = db.sql("SELECT id FROM messages WHERE conversation_id = ? AND role = 'USER'").param(conversation)
                        .query(UUID.class).single();
                db.sql("""
                        INSERT INTO unanswered_questions (tenant_id, id, group_id, conversation_id, question, asked_at)
                        SELECT tenant_id, ?, ?, ?, ?, ? FROM bots WHERE id = ?""")
                        .params(question, group, conversation, questions.get(i), java.sql.Timestamp.from(at.minusSeconds(i)), bot)
                        .update();
            }
            return null;
        });
    }

    private static String text(BrowserlessUIContext browser, com.vaadin.flow.component.Component root) {
        return root.getElement().getTextRecursively();
    }
}
