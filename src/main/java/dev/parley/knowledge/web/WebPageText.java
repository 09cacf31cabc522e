package dev.parley.knowledge.web;

import dev.parley.knowledge.parsing.ParseFailure;
import dev.parley.knowledge.parsing.ParsedDocument;
import dev.parley.knowledge.parsing.Section;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stored form of a crawled page: its main content as Markdown, headings carrying their anchor
 * as a Pandoc-style attribute ({@code ## Pricing {#pricing}}). It is what the blob store keeps and
 * what the content hash covers, so a change in navigation or a tracking script does not count as
 * a change of the page; and it reads back into the same sections, anchors included.
 */
public final class WebPageText {

    private static final Pattern ANCHOR = Pattern.compile("[^}\\s]+");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6}) (.+?)(?: \\{#([^}\\s]+)})?$");

    private WebPageText() {}

    public static String render(List<Section> sections) {
        StringBuilder out = new StringBuilder();
        List<String> previous = List.of();
        for (Section section : sections) {
            List<String> path = section.headingPath();
            for (int i = 0; i < path.size(); i++) {
                boolean last = i == path.size() - 1;
                boolean same = i < previous.size() && previous.subList(0, i + 1).equals(path.subList(0, i + 1));
                if (same && !last) continue;
                out.append("#".repeat(i + 1)).append(' ').append(path.get(i).replace('\n', ' '));
                if (last && section.anchor() != null && ANCHOR.matcher(section.anchor()).matches()) out.append(" {#").append(section.anchor()).append('}');
                out.append('\n');
            }
            for (String line : section.text().split("\n")) {
                if (line.startsWith("#") || line.startsWith("\\")) out.append('\\');
                out.append(line).append('\n');
            }
            out.append('\n');
            previous = path;
        }
        return out.toString();
    }

    public static ParsedDocument parse(Path file, int maxChars) throws ParseFailure {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ParseFailure("The stored page could not be read.", false, e);
        }
        if (text.length() > maxChars) text = text.substring(0, maxChars);
        List<Section> sections = new ArrayList<>();
        List<String> path = new ArrayList<>();
        String anchor = null;
        String title = null;
        StringBuilder body = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                flush(sections, path, anchor, body);
                int level = heading.group(1).length();
                while (path.size() >= level) path.removeLast();
                path.add(heading.group(2));
                anchor = heading.group(3);
                if (title == null && level == 1) title = heading.group(2);
            } else {
                body.append(line.startsWith("\\") ? line.substring(1) : line).append('\n');
            }
        }
        flush(sections, path, anchor, body);
        if (sections.isEmpty()) throw new ParseFailure("The page has no text.", true);
        return new ParsedDocument(title, sections);
    }

    private static void flush(List<Section> sections, List<String> path, String anchor, StringBuilder body) {
        String text = body.toString().strip();
        if (!text.isEmpty()) sections.add(new Section(path, null, anchor, text));
        body.setLength(0);
    }
}
