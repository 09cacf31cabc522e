package dev.parley.console.conversations;

import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.badge.BadgeVariant;
import dev.parley.chat.AnswerMode;
import dev.parley.chat.ConversationSummary;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Words and badges for conversations, shared by the list and the transcript. */
final class ConversationLabels {

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private ConversationLabels() {}

    static String mode(AnswerMode mode) {
        if (mode == null) return "";
        return switch (mode) {
            case LLM -> "LLM";
            case EXTRACTIVE -> "Extractive";
            case FALLBACK -> "Fallback";
            case UNANSWERED -> "Unanswered";
        };
    }

    static Badge modeBadge(AnswerMode mode) {
        Badge badge = new Badge(mode(mode));
        switch (mode) {
            case LLM, EXTRACTIVE -> badge.addThemeVariants(BadgeVariant.SUCCESS);
            case FALLBACK -> badge.addThemeVariants(BadgeVariant.WARNING);
            case UNANSWERED -> badge.addThemeVariants(BadgeVariant.ERROR);
        }
        return badge;
    }

    static Badge statusBadge(boolean resolved) {
        Badge badge = new Badge(resolved ? "Resolved" : "Open");
        badge.addThemeVariants(resolved ? BadgeVariant.SUCCESS : BadgeVariant.CONTRAST);
        return badge;
    }

    static String age(Instant when, Instant now) {
        Duration ago = Duration.between(when, now);
        if (ago.toSeconds() < 60) return "just now";
        if (ago.toMinutes() < 60) return ago.toMinutes() + " min ago";
        if (ago.toHours() < 24) return ago.toHours() + " h ago";
        return WHEN.format(when);
    }

    static String millis(Integer ms) {
        if (ms == null) return "–";
        return ms < 1000 ? ms + " ms" : String.format(Locale.ENGLISH, "%.1f s", ms / 1000.0);
    }

    /** Who wrote: an identified visitor's name, else their e-mail, else the start of the anonymous visitor id. */
    static String visitor(ConversationSummary c) {
        if (present(c.visitorName())) return c.visitorName();
        if (present(c.visitorEmail())) return c.visitorEmail();
        return "visitor " + shortVisitorId(c.visitorId());
    }

    static String shortVisitorId(String visitorId) {
        return visitorId.length() > 12 ? visitorId.substring(0, 12) + "…" : visitorId;
    }

    static boolean present(String text) {
        return text != null && !text.isBlank();
    }

    static String count(long n, String one, String many) {
        return String.format(Locale.ENGLISH, "%,d %s", n, n == 1 ? one : many);
    }
}
