package dev.parley.knowledge.parsing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pasted text and Markdown, in process: no child process is worth starting for them. Markdown
 * headings ({@code #} to {@code ######}) become the heading path. Text that is not UTF-8 is read
 * as Windows-1252, which maps every byte, so nothing is refused for its encoding.
 */
public final class PlainTextParser {

    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.+?)\\s*#*\\s*$");

    private PlainTextParser() {}

    public static ParsedDocument parse(Path file, int maxChars) throws ParseFailure {
        String text;
        try {
            text = decode(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ParseFailure("The stored original could not be read.", false, e);
        }
        if (text.length() > maxChars) text = text.substring(0, maxChars);
        List<Section> sections = new ArrayList<>();
        List<String> path = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        String title = null;
        for (String line : text.split("\\R", -1)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                flush(sections, path, body);
                int level = heading.group(1).length();
                while (path.size() >= level) path.removeLast();
                path.add(heading.group(2));
                if (title == null && level == 1) title = heading.group(2);
            } else {
                body.append(line).append('\n');
            }
        }
        flush(sections, path, body);
        if (sections.isEmpty()) throw new ParseFailure("The text is empty.", true);
        return new ParsedDocument(title, sections);
    }

    private static void flush(List<Section> sections, List<String> path, StringBuilder body) {
        String text = body.toString().replaceAll("[ \\t]+", " ").replaceAll("\\n{3,}", "\n\n").strip();
        if (!text.isEmpty()) sections.add(new Section(path, null, null, text));
        body.setLength(0);
    }

    static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString().replace("\uFEFF", "");
        } catch (CharacterCodingException e) {
            return new String(bytes, java.nio.charset.Charset.forName("windows-1252"));
        }
    }
}
