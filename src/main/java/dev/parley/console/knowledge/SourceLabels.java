package dev.parley.console.knowledge;

import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.badge.BadgeVariant;
import dev.parley.knowledge.KnowledgeSource;
import dev.parley.knowledge.SourceKind;
import dev.parley.knowledge.SourceStatus;

/** How a web source's kind, status and page counts read in the console. */
final class SourceLabels {

    private SourceLabels() {}

    static String kind(SourceKind kind) {
        return switch (kind) {
            case PAGE -> "Single page";
            case SITE -> "Whole site";
            case SITEMAP -> "Sitemap";
        };
    }

    static Badge badge(SourceStatus status) {
        Badge badge = new Badge(switch (status) {
            case QUEUED -> "Queued";
            case SYNCING -> "Syncing";
            case READY -> "Ready";
            case FAILED -> "Failed";
        });
        switch (status) {
            case READY -> badge.addThemeVariants(BadgeVariant.SUCCESS);
            case FAILED -> badge.addThemeVariants(BadgeVariant.ERROR);
            case QUEUED -> badge.addThemeVariants(BadgeVariant.CONTRAST);
            default -> { } // syncing: the plain (accent) badge
        }
        return badge;
    }

    static String pages(KnowledgeSource source) {
        return source.pagesFound() + (source.pagesFound() == 1 ? " page" : " pages")
                + (source.pagesFailed() > 0 ? ", " + source.pagesFailed() + " failed" : "");
    }

    static boolean inProgress(SourceStatus status) {
        return status == SourceStatus.QUEUED || status == SourceStatus.SYNCING;
    }
}
