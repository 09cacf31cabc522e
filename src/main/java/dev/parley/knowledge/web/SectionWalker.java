package dev.parley.knowledge.web;

import dev.parley.knowledge.parsing.Section;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * Walks cleaned HTML in document order and cuts it into sections at h1–h6. Each section keeps
 * its heading path and the nearest anchor: the heading's id, a named anchor inside it, or the id
 * of the closest enclosing element (e.g. {@code <section id="pricing">}), so a citation can link
 * to {@code page#anchor}.
 */
final class SectionWalker implements NodeFilter {

    private final List<Section> sections = new ArrayList<>();
    private final String[] path = new String[6];
    private final StringBuilder text = new StringBuilder();
    private String anchor;
    private int pre;

    static List<Section> walk(Element root) {
        SectionWalker walker = new SectionWalker();
        NodeTraversor.filter(walker, root);
        walker.flush();
        return walker.sections;
    }

    @Override
    public FilterResult head(Node node, int depth) {
        if (node instanceof TextNode t) {
            text.append(pre > 0 ? t.getWholeText() : t.text());
            return FilterResult.CONTINUE;
        }
        if (!(node instanceof Element e)) return FilterResult.CONTINUE;
        String tag = e.normalName();
        if (tag.length() == 2 && tag.charAt(0) == 'h' && tag.charAt(1) >= '1' && tag.charAt(1) <= '6') {
            heading(e, tag.charAt(1) - '1');
            return FilterResult.SKIP_CHILDREN;
        }
        switch (tag) {
            case "br" -> text.append('\n');
            case "pre" -> {
                pre++;
                newline();
            }
            case "li" -> {
                newline();
                text.append("- ");
            }
            case "td", "th" -> text.append(' ');
            default -> {
                if (e.isBlock()) newline();
            }
        }
        return FilterResult.CONTINUE;
    }

    @Override
    public FilterResult tail(Node node, int depth) {
        if (node instanceof Element e) {
            String tag = e.normalName();
            if (tag.equals("pre")) pre--;
            if (!tag.equals("td") && !tag.equals("th") && (e.isBlock() || tag.equals("li") || tag.equals("pre"))) newline();
        }
        return FilterResult.CONTINUE;
    }

    private void heading(Element e, int level) {
        String title = e.text().strip();
        if (title.isEmpty()) return;
        flush();
        path[level] = title.length() <= 300 ? title : title.substring(0, 299) + "…";
        Arrays.fill(path, level + 1, path.length, null);
        anchor = anchorOf(e);
    }

    private static String anchorOf(Element heading) {
        String id = heading.id();
        if (id.isBlank()) {
            Element named = heading.selectFirst("a[id], a[name]");
            if (named != null) id = named.id().isBlank() ? named.attr("name") : named.id();
        }
        for (Element p = heading.parent(); id.isBlank() && p != null && !p.normalName().equals("body"); p = p.parent()) {
            id = p.id();
        }
        id = id.strip();
        return id.isEmpty() || id.length() > 200 ? null : id;
    }

    private void newline() {
        if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') text.append('\n');
    }

    private void flush() {
        List<String> lines = new ArrayList<>();
        for (String line : text.toString().split("\n")) {
            String l = line.replace('\u00a0', ' ').strip();
            if (!l.isEmpty() && !l.equals("-")) lines.add(l);
        }
        text.setLength(0);
        if (lines.isEmpty()) return;
        List<String> headingPath = Arrays.stream(path).filter(Objects::nonNull).toList();
        sections.add(new Section(headingPath, null, anchor, String.join("\n", lines)));
    }
}
