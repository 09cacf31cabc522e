package dev.parley.knowledge;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The file types Parley indexes, by extension, with the type the parser is told to expect. */
public final class AcceptedTypes {

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("pdf", "application/pdf"),
            Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            Map.entry("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
            Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            Map.entry("odt", "application/vnd.oasis.opendocument.text"),
            Map.entry("html", "text/html"), Map.entry("htm", "text/html"),
            Map.entry("md", "text/markdown"), Map.entry("markdown", "text/markdown"),
            Map.entry("txt", "text/plain"), Map.entry("csv", "text/csv"),
            Map.entry("epub", "application/epub+zip"));

    public static final List<String> EXTENSIONS = BY_EXTENSION.keySet().stream().sorted().map(e -> "." + e).toList();

    private AcceptedTypes() {}

    public static Optional<String> mimeTypeOf(String fileName) {
        int dot = fileName == null ? -1 : fileName.lastIndexOf('.');
        if (dot < 0) return Optional.empty();
        return Optional.ofNullable(BY_EXTENSION.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }

    public static String describe() {
        return "PDF, Word (.docx), PowerPoint (.pptx), Excel (.xlsx), OpenDocument text (.odt), HTML, Markdown, "
                + "plain text, CSV and EPUB";
    }
}
