package dev.switchboard.retrieval.ingest;

import dev.switchboard.retrieval.Document;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * HTML ({@code .html}, {@code .htm}) with jsoup: {@code h1}–{@code h6} become Markdown headings (so
 * chunks keep their heading path), paragraphs, list items, table cells and preformatted blocks
 * become paragraphs; scripts, styles and navigation are dropped. Title: {@code <title>}, else the
 * first {@code h1}, else the file name.
 */
final class HtmlParser implements DocumentParser {

    private static final Set<String> BLOCKS = Set.of("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "pre", "blockquote",
            "td", "th", "dt", "dd", "figcaption", "caption", "div", "section", "article");

    @Override
    public void parse(Path file, String id, DocumentSink sink) throws IOException {
        org.jsoup.nodes.Document html = Jsoup.parse(file.toFile(), null);
        html.select("script, style, noscript, nav, template, svg").remove();
        StringBuilder text = new StringBuilder();
        Element body = html.body();
        for (Element element : body.getAllElements()) {
            String tag = element.normalName();
            if (!BLOCKS.contains(tag) || hasBlockChild(element)) {
                continue;
            }
            String content = element.wholeText().isBlank() ? "" : element.text().strip();
            if (tag.equals("pre")) {
                content = element.wholeText().strip();
            }
            if (content.isEmpty()) {
                continue;
            }
            if (tag.length() == 2 && tag.charAt(0) == 'h' && Character.isDigit(tag.charAt(1))) {
                text.append("#".repeat(tag.charAt(1) - '0')).append(' ').append(content);
            } else {
                text.append(content);
            }
            text.append("\n\n");
        }
        String title = html.title().isBlank() ? null : html.title().strip();
        if (title == null) {
            Element h1 = body.selectFirst("h1");
            title = h1 != null ? h1.text() : TextParser.baseName(file);
        }
        sink.document(new Document(id, title, text.toString(), Map.of("source", List.of(id))));
    }

    private static boolean hasBlockChild(Element element) {
        for (Element child : element.children()) {
            if (BLOCKS.contains(child.normalName()) || hasBlockChild(child)) {
                return true;
            }
        }
        return false;
    }
}
