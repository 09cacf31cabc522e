package dev.parley.console.unanswered;

import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.badge.BadgeVariant;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.parley.unanswered.QuestionGroup;
import dev.parley.unanswered.UnansweredQuestions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * One group of similar questions: the question, how often and when it was asked, other phrasings,
 * and for editors an answer form in place. Everything visitors or editors wrote is set as text.
 */
class GroupCard extends Div {

    record Refusal(String field, String message) {}

    interface Answerer {
        Optional<Refusal> answer(QuestionGroup group, String question, String answer);
    }

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    final TextField question = new TextField("Question");
    final TextArea answer = new TextArea("Answer");
    final Button write = new Button("Answer", VaadinIcon.EDIT.create());
    final Button save = new Button("Save answer");
    final Button cancel = new Button("Cancel");
    final Div form = new Div();

    GroupCard(QuestionGroup group, boolean mayAnswer, Answerer answerer) {
        addClassNames("parley-card", "parley-group");
        Span text = new Span(group.question());
        text.addClassName("parley-group-question");
        Badge asked = new Badge(group.count() == 1 ? "Asked once" : "Asked " + group.count() + " times");
        if (group.count() > 1) asked.addThemeVariants(BadgeVariant.WARNING);
        Span meta = new Span(group.botName() + " · last asked " + age(group.lastAskedAt(), Instant.now()));
        meta.addClassName("parley-secondary");
        Div head = new Div(text, asked);
        head.addClassName("parley-group-head");
        add(head, meta);

        UnorderedList others = new UnorderedList();
        others.addClassName("parley-phrasings");
        group.examples().stream().filter(e -> !e.equalsIgnoreCase(group.question())).forEach(e -> others.add(new ListItem(e)));
        if (others.getComponentCount() > 0) add(others);

        if (group.resolved()) {
            Div curated = new Div();
            curated.addClassName("parley-curated");
            Span label = new Span("Answer" + (group.resolvedAt() == null ? "" : " · " + DATE.format(group.resolvedAt())));
            label.addClassName("parley-secondary");
            Div body = new Div();
            body.setText(group.answer()); // text, never HTML
            body.addClassName("parley-chunk-text");
            curated.add(label, body);
            add(curated);
            return;
        }
        if (!mayAnswer) return;

        question.setValue(group.question().length() > UnansweredQuestions.MAX_QUESTION
                ? group.question().substring(0, UnansweredQuestions.MAX_QUESTION) : group.question());
        question.setMaxLength(UnansweredQuestions.MAX_QUESTION);
        question.setWidthFull();
        answer.setMaxLength(UnansweredQuestions.MAX_ANSWER);
        answer.setWidthFull();
        answer.setMinRows(3);
        answer.setHelperText("Plain text; the bot gives this answer when visitors ask this or something like it.");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        cancel.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        write.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SMALL);
        Div actions = new Div(save, cancel);
        actions.addClassName("parley-actions");
        form.add(question, answer, actions);
        form.setVisible(false);
        form.addClassName("parley-answer-form");
        write.addClickListener(e -> {
            form.setVisible(true);
            write.setVisible(false);
            answer.focus();
        });
        cancel.addClickListener(e -> {
            form.setVisible(false);
            write.setVisible(true);
        });
        save.addClickListener(e -> {
            answer.setInvalid(false);
            question.setInvalid(false);
            answerer.answer(group, question.getValue(), answer.getValue()).ifPresent(refusal -> {
                if ("question".equals(refusal.field())) {
                    question.setErrorMessage(refusal.message());
                    question.setInvalid(true);
                } else {
                    answer.setErrorMessage(refusal.message());
                    answer.setInvalid(true);
                }
            });
        });
        add(write, form);
    }

    private static String age(Instant when, Instant now) {
        Duration ago = Duration.between(when, now);
        if (ago.toSeconds() < 60) return "just now";
        if (ago.toMinutes() < 60) return ago.toMinutes() + " min ago";
        if (ago.toHours() < 24) return ago.toHours() + " h ago";
        return DATE.format(when);
    }
}
