package dev.parley.console.knowledge;

import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.badge.BadgeVariant;
import dev.parley.knowledge.DocumentStatus;
import dev.parley.knowledge.KnowledgeDocument;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** How a document's type, status, size and age read in the console. */
final class DocumentLabels {

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("application/pdf", "PDF"),
            Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"),
            Map.entry("application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint"),
            Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
            Map.entry("application/vnd.oasis.opendocument.text", "OpenDocument"),
            Map.entry("text/html", "HTML"), Map.entry("text/markdown", "Markdown"), Map.entry("text/plain", "Text file"),
            Map.entry("text/csv", "CSV"), Map.entry("application/epub+zip", "EPUB"));
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH)
            .withZone(ZoneId.systemDefault());

    private DocumentLabels() {}

    static String type(KnowledgeDocument doc) {
        return switch (doc.sourceType()) {
            case TEXT -> "Pasted text";
            case QA -> "Q&A";
            case URL -> "Web page";
            case FILE -> TYPES.getOrDefault(doc.mimeType(), "File");
        };
    }

    static String status(DocumentStatus status) {
        return switch (status) {
            case QUEUED -> "Queued";
            case PARSING -> "Reading";
            case EMBEDDING -> "Embedding";
            case READY -> "Ready";
            case FAILED -> "Failed";
        };
    }

    static Badge badge(DocumentStatus status) {
        Badge badge = new Badge(status(status));
        switch (status) {
            case READY -> badge.addThemeVariants(BadgeVariant.SUCCESS);
            case FAILED -> badge.addThemeVariants(BadgeVariant.ERROR);
            case QUEUED -> badge.addThemeVariants(BadgeVariant.CONTRAST);
            default -> { } // reading and embedding: the plain (accent) badge
        }
        return badge;
    }

    static String chunks(KnowledgeDocument doc) {
        return doc.status() == DocumentStatus.READY ? String.valueOf(doc.chunkCount()) : "–";
    }

    static String chunkCount(int n) {
        return n + (n == 1 ? " chunk" : " chunks");
    }

    static String size(long bytes) {
        if (bytes < 1024) return bytes + " B";
        if (bytes < 1024 * 1024) return String.format(Locale.ENGLISH, "%.1f KB", bytes / 1024.0);
        return String.format(Locale.ENGLISH, "%.1f MB", bytes / (1024.0 * 1024));
    }

    static String age(Instant when, Instant now) {
        if (when == null) return "";
        Duration ago = Duration.between(when, now);
        if (ago.toSeconds() < 60) return "just now";
        if (ago.toMinutes() < 60) return ago.toMinutes() + " min ago";
        if (ago.toHours() < 24) return ago.toHours() + " h ago";
        return DATE.format(when);
    }
}
