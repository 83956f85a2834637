package dev.switchboard.retrieval.chunk;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run of paragraphs under one heading path. {@link #parse} reads Markdown-style structure:
 * {@code #} headings (levels 1–6) set the path; blank lines separate paragraphs; fenced code blocks
 * stay one paragraph. Plain text is one section of paragraphs with an empty path.
 *
 * @param headingPath headings outermost first
 * @param paragraphs non-blank paragraphs in order
 */
record Section(List<String> headingPath, List<String> paragraphs) {

    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.+?)\\s*#*\\s*$");

    static List<Section> parse(String text) {
        List<Section> sections = new ArrayList<>();
        List<String> path = new ArrayList<>();
        List<String> paragraphs = new ArrayList<>();
        StringBuilder paragraph = new StringBuilder();
        boolean inFence = false;
        for (String line : text.split("\\R", -1)) {
            String stripped = line.strip();
            if (stripped.startsWith("```") || stripped.startsWith("~~~")) {
                inFence = !inFence;
                append(paragraph, line);
                continue;
            }
            if (inFence) {
                append(paragraph, line);
                continue;
            }
            Matcher heading = HEADING.matcher(stripped);
            if (heading.matches()) {
                flush(paragraph, paragraphs);
                if (!paragraphs.isEmpty()) {
                    sections.add(new Section(List.copyOf(path), List.copyOf(paragraphs)));
                    paragraphs.clear();
                }
                int level = heading.group(1).length();
                while (path.size() >= level) {
                    path.removeLast();
                }
                while (path.size() < level - 1) {
                    path.add(""); // a skipped level: keep depth so that a later sibling replaces the right entry
                }
                path.add(heading.group(2));
                continue;
            }
            if (stripped.isEmpty()) {
                flush(paragraph, paragraphs);
            } else {
                append(paragraph, line);
            }
        }
        flush(paragraph, paragraphs);
        if (!paragraphs.isEmpty()) {
            sections.add(new Section(List.copyOf(path), List.copyOf(paragraphs)));
        }
        return sections.stream()
                .map(s -> new Section(s.headingPath.stream().filter(h -> !h.isEmpty()).toList(), s.paragraphs))
                .toList();
    }

    private static void append(StringBuilder paragraph, String line) {
        if (!paragraph.isEmpty()) {
            paragraph.append('\n');
        }
        paragraph.append(line.stripTrailing());
    }

    private static void flush(StringBuilder paragraph, List<String> paragraphs) {
        String text = paragraph.toString().strip();
        if (!text.isEmpty()) {
            paragraphs.add(text);
        }
        paragraph.setLength(0);
    }
}
