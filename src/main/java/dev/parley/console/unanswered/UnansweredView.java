package dev.parley.console.unanswered;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.Tabs;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import dev.parley.console.live.LiveUpdates;
import dev.parley.console.support.Viewer;
import dev.parley.tenancy.Bot;
import dev.parley.tenancy.BotService;
import dev.parley.tenancy.CurrentRole;
import dev.parley.unanswered.QuestionFiled;
import dev.parley.unanswered.QuestionGroup;
import dev.parley.unanswered.UnansweredQuestions;
import jakarta.annotation.security.RolesAllowed;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Questions the bot could not answer, grouped by similarity with how often each was asked, the
 * most recent first. Editors, admins and owners answer a group in place: the answer becomes a Q&A
 * entry of the bot's knowledge and the group moves to "Answered". New questions appear live.
 */
@Route("unanswered")
@PageTitle("Unanswered questions · Parley")
@RolesAllowed({"OWNER", "ADMIN", "EDITOR", "SUPPORT"})
public class UnansweredView extends Div {

    static final int PAGE = 30;

    final Select<Optional<Bot>> bot = new Select<>();
    final Tab open = new Tab("Open");
    final Tab answered = new Tab("Answered");
    final Tabs tabs = new Tabs(open, answered);
    final Div groups = new Div();
    final Div empty = new Div();
    final Button more = new Button("Show more");

    private final UnansweredQuestions questions;
    private final LiveUpdates live;
    private final UUID tenant;
    private final boolean mayAnswer;
    private final Viewer viewer = Viewer.current();
    private int shown = PAGE;
    private Registration liveRegistration;

    public UnansweredView(UnansweredQuestions questions, BotService bots, CurrentRole role, LiveUpdates live) {
        this.questions = questions;
        this.live = live;
        this.tenant = role.tenantId();
        this.mayAnswer = role.role().managesKnowledge();
        addClassNames("parley-page", "parley-unanswered");

        List<Optional<Bot>> botItems = new ArrayList<>();
        botItems.add(Optional.empty());
        bots.list().forEach(b -> botItems.add(Optional.of(b)));
        bot.setAriaLabel("Bot");
        bot.setItems(botItems);
        bot.setItemLabelGenerator(b -> b.map(Bot::name).orElse("All bots"));
        bot.setValue(Optional.empty());
        bot.setVisible(botItems.size() > 2);
        bot.addValueChangeListener(e -> reset());
        HorizontalLayout header = new HorizontalLayout(new H2("Unanswered questions"), bot);
        header.setWidthFull();
        header.setJustifyContentMode(FlexComponent.JustifyContentMode.BETWEEN);
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.setWrap(true);
        Paragraph lead = new Paragraph(mayAnswer
                ? "What visitors asked that the bot could not answer, similar questions grouped. Answer a group once and the bot knows it."
                : "What visitors asked that the bot could not answer, similar questions grouped. Editors, admins and owners can answer them.");
        lead.addClassName("parley-lead");

        tabs.addSelectedChangeListener(e -> reset());
        groups.addClassName("parley-groups");
        empty.addClassName("parley-empty");
        more.addClickListener(e -> {
            shown += PAGE;
            refresh();
        });
        add(header, lead, tabs, groups, empty, more);
        refresh();
    }

    boolean showingAnswered() {
        return tabs.getSelectedTab() == answered;
    }

    private void reset() {
        shown = PAGE;
        refresh();
    }

    /** Reloads the groups and the tab counts; live updates call it too. */
    void refresh() {
        UUID botId = bot.getValue().map(Bot::id).orElse(null);
        boolean resolved = showingAnswered();
        List<QuestionGroup> page = viewer.call(() -> questions.groups(botId, resolved, 0, shown + 1));
        long openCount = viewer.call(() -> questions.count(botId, false));
        long answeredCount = viewer.call(() -> questions.count(botId, true));
        open.setLabel("Open (" + openCount + ")");
        answered.setLabel("Answered (" + answeredCount + ")");
        groups.removeAll();
        page.stream().limit(shown).forEach(g -> groups.add(new GroupCard(g, mayAnswer, this::answer)));
        more.setVisible(page.size() > shown);
        empty.removeAll();
        empty.setVisible(page.isEmpty());
        if (page.isEmpty()) {
            empty.add(new Paragraph(resolved ? "No answered questions yet. Answer an open question and it moves here."
                    : "Nothing unanswered. When a visitor asks something the bot cannot answer, it lands here, grouped with similar questions."));
        }
    }

    /** Saves a curated answer; returns the error to show next to its field, or empty when saved. */
    private Optional<GroupCard.Refusal> answer(QuestionGroup group, String question, String text) {
        try {
            viewer.call(() -> questions.curate(group.id(), question, text));
        } catch (dev.parley.unanswered.CurationRefused e) {
            return Optional.of(new GroupCard.Refusal(e.field(), e.getMessage()));
        } catch (dev.parley.knowledge.UploadRefused e) {
            return Optional.of(new GroupCard.Refusal(e.field(), e.getMessage()));
        }
        com.vaadin.flow.component.notification.Notification.show("Added to " + group.botName()
                + "'s knowledge. The bot answers it as soon as it is indexed.", 4000,
                com.vaadin.flow.component.notification.Notification.Position.BOTTOM_START);
        refresh();
        return Optional.empty();
    }

    @Override
    protected void onAttach(AttachEvent event) {
        liveRegistration = live.subscribe(tenant, event.getUI(), e -> {
            if (e instanceof QuestionFiled) refresh();
        });
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (liveRegistration != null) liveRegistration.remove();
        liveRegistration = null;
    }
}
