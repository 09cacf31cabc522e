package dev.parley.knowledge.parsing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;

/**
 * The file's real type, from its content (magic bytes, container structure), must be the type its
 * extension promised: an executable renamed .pdf is refused before any parser sees it.
 */
final class TypeCheck {

    private static final String WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private static final String POWERPOINT = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
    private static final String EXCEL = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final String ODT = "application/vnd.oasis.opendocument.text";

    /** What a user calls each accepted type. */
    private static final Map<String, String> NAMES = Map.of(
            "application/pdf", "a PDF", WORD, "a Word document (.docx)", POWERPOINT, "a PowerPoint presentation (.pptx)",
            EXCEL, "an Excel workbook (.xlsx)", ODT, "an OpenDocument text (.odt)", "application/epub+zip", "an EPUB book",
            "text/html", "an HTML page", "text/csv", "a CSV file");

    /** Close relatives read by the same parser (macro-enabled and template variants). */
    private static final Map<String, Set<String>> ALSO = Map.of(
            WORD, Set.of("application/vnd.ms-word.document.macroenabled.12",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.template"),
            POWERPOINT, Set.of("application/vnd.ms-powerpoint.presentation.macroenabled.12",
                    "application/vnd.openxmlformats-officedocument.presentationml.slideshow"),
            EXCEL, Set.of("application/vnd.ms-excel.sheet.macroenabled.12",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.template"),
            ODT, Set.of("application/vnd.oasis.opendocument.text-template"));

    private static final Map<String, String> DESCRIBED = Map.of(
            "application/x-executable", "an executable program", "application/x-msdownload", "an executable program",
            "application/x-dosexec", "an executable program", "application/x-sharedlib", "an executable program",
            "application/zip", "a ZIP archive", "application/octet-stream", "binary data of an unknown kind",
            "text/plain", "plain text");

    private TypeCheck() {}

    static String nameOf(String mimeType) {
        return NAMES.getOrDefault(mimeType, "a " + mimeType + " file");
    }

    /** Throws a permanent failure unless the content is of {@code expected}'s kind. */
    static MediaType require(Path file, String expected, TikaConfig config) throws ParseFailure {
        MediaType detected;
        try (TikaInputStream in = TikaInputStream.get(file)) {
            Metadata hint = new Metadata();
            hint.set(Metadata.CONTENT_TYPE, expected); // decides only where the content is ambiguous (text)
            detected = config.getDetector().detect(in, hint).getBaseType();
        } catch (IOException e) {
            throw new ParseFailure("The stored original could not be read.", false, e);
        }
        if (!matches(detected, MediaType.parse(expected), config.getMediaTypeRegistry())) {
            String what = DESCRIBED.getOrDefault(detected.toString(), "of type " + detected);
            throw new ParseFailure("This file is not " + nameOf(expected) + ": its content is " + what + ".", true);
        }
        return detected;
    }

    static boolean matches(MediaType detected, MediaType expected, MediaTypeRegistry registry) {
        if (detected.equals(expected) || registry.isSpecializationOf(detected, expected)) return true;
        if (ALSO.getOrDefault(expected.toString(), Set.of()).contains(detected.toString())) return true;
        // HTML and CSV have no magic bytes to speak of: any text will do, the parser makes the best of it.
        return "text".equals(expected.getType()) && registry.isInstanceOf(detected, MediaType.TEXT_PLAIN);
    }
}
