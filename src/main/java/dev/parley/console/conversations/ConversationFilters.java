package dev.parley.console.conversations;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import dev.parley.chat.AnswerMode;
import dev.parley.chat.ConversationFilter;
import dev.parley.tenancy.Bot;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The filter bar of the conversations list: dates (UTC, the end day included), bot, rating,
 * answered or not, answer mode, open or resolved, and text. A filter that makes no sense (the end
 * before the start) shows its error on the field and keeps the last valid filter.
 */
class ConversationFilters extends Div {

    final DatePicker from = new DatePicker("From (UTC)");
    final DatePicker to = new DatePicker("To (UTC)");
    final Select<Optional<Bot>> bot = new Select<>();
    final Select<Optional<ConversationFilter.Rating>> rating = new Select<>();
    final Select<Optional<ConversationFilter.Outcome>> outcome = new Select<>();
    final Select<Optional<AnswerMode>> mode = new Select<>();
    final Select<Optional<ConversationFilter.Status>> status = new Select<>();
    final TextField text = new TextField("Search messages");
    final Button clear = new Button("Clear filters", VaadinIcon.CLOSE_SMALL.create());

    private final Consumer<ConversationFilter> onChange;
    private ConversationFilter current = ConversationFilter.any();
    private boolean clearing;

    ConversationFilters(List<Bot> bots, Consumer<ConversationFilter> onChange) {
        this.onChange = onChange;
        addClassName("parley-filters");

        List<Optional<Bot>> botItems = new ArrayList<>();
        botItems.add(Optional.empty());
        bots.forEach(b -> botItems.add(Optional.of(b)));
        choices(bot, "Bot", botItems, b -> b.map(Bot::name).orElse("All bots"));
        bot.setVisible(bots.size() > 1);
        choices(rating, "Rating", options(ConversationFilter.Rating.values()), r -> r.map(v -> switch (v) {
            case UP -> "Thumbs up";
            case DOWN -> "Thumbs down";
            case NONE -> "Not rated";
        }).orElse("Any rating"));
        choices(outcome, "Answered", options(ConversationFilter.Outcome.values()), o -> o.map(v -> switch (v) {
            case ANSWERED -> "All answered";
            case UNANSWERED -> "Some unanswered";
        }).orElse("Any"));
        choices(mode, "Answer mode", options(AnswerMode.values()), m -> m.map(ConversationLabels::mode).orElse("Any mode"));
        choices(status, "Status", options(ConversationFilter.Status.values()), s -> s.map(v -> v == ConversationFilter.Status.OPEN
                ? "Open" : "Resolved").orElse("Any status"));

        text.setPlaceholder("Words in any message");
        text.setPrefixComponent(VaadinIcon.SEARCH.create());
        text.setClearButtonVisible(true);
        text.setMaxLength(ConversationFilter.MAX_TEXT);
        text.setValueChangeMode(ValueChangeMode.LAZY);
        text.addValueChangeListener(e -> apply());
        from.addValueChangeListener(e -> apply());
        to.addValueChangeListener(e -> apply());
        clear.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        clear.addClickListener(e -> clear());
        add(from, to, bot, rating, outcome, mode, status, text, clear);
    }

    ConversationFilter current() {
        return current;
    }

    boolean filtering() {
        return !current.equals(ConversationFilter.any());
    }

    void clear() {
        clearing = true;
        from.clear();
        to.clear();
        bot.setValue(Optional.empty());
        rating.setValue(Optional.empty());
        outcome.setValue(Optional.empty());
        mode.setValue(Optional.empty());
        status.setValue(Optional.empty());
        text.clear();
        clearing = false;
        apply();
    }

    private void apply() {
        if (clearing) return;
        to.setInvalid(false);
        text.setInvalid(false);
        LocalDate start = from.getValue();
        LocalDate end = to.getValue();
        if (start != null && end != null && end.isBefore(start)) {
            to.setErrorMessage("The end date comes before the start date.");
            to.setInvalid(true);
            return;
        }
        try {
            current = new ConversationFilter(start == null ? null : start.atStartOfDay(ZoneOffset.UTC).toInstant(),
                    end == null ? null : end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                    bot.getValue().map(Bot::id).orElse(null), rating.getValue().orElse(null), outcome.getValue().orElse(null),
                    mode.getValue().orElse(null), status.getValue().orElse(null), text.getValue());
        } catch (IllegalArgumentException e) {
            text.setErrorMessage(e.getMessage());
            text.setInvalid(true);
            return;
        }
        onChange.accept(current);
    }

    private <T> void choices(Select<Optional<T>> select, String label, List<Optional<T>> items,
                             java.util.function.Function<Optional<T>, String> labels) {
        select.setLabel(label);
        select.setItems(items);
        select.setItemLabelGenerator(labels::apply);
        select.setValue(Optional.empty());
        select.addValueChangeListener(e -> {
            if (!clearing) apply();
        });
    }

    private static <T> List<Optional<T>> options(T[] values) {
        List<Optional<T>> items = new ArrayList<>();
        items.add(Optional.empty());
        for (T v : values) items.add(Optional.of(v));
        return items;
    }
}
