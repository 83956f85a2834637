package dev.switchboard.retrieval.ingest;

import dev.switchboard.retrieval.Document;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.poi.xwpf.usermodel.IBodyElement;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;

/**
 * Word ({@code .docx}) with Apache POI: paragraphs styled "Heading N" or "Title" become Markdown
 * headings, other paragraphs and table cells become paragraphs, one document. Title: the document's
 * title property, else its first heading, else the file name.
 */
final class DocxParser implements DocumentParser {

    @Override
    public void parse(Path file, String id, DocumentSink sink) throws IOException {
        try (InputStream in = Files.newInputStream(file); XWPFDocument docx = new XWPFDocument(in)) {
            StringBuilder text = new StringBuilder();
            String firstHeading = null;
            for (IBodyElement element : docx.getBodyElements()) {
                if (element instanceof XWPFParagraph paragraph) {
                    String content = paragraph.getText().strip();
                    if (content.isEmpty()) {
                        continue;
                    }
                    int level = headingLevel(paragraph.getStyle());
                    if (level > 0) {
                        text.append("#".repeat(level)).append(' ');
                        firstHeading = firstHeading == null ? content : firstHeading;
                    }
                    text.append(content).append("\n\n");
                } else if (element instanceof XWPFTable table) {
                    for (XWPFTableRow row : table.getRows()) {
                        for (XWPFTableCell cell : row.getTableCells()) {
                            String content = cell.getText().strip();
                            if (!content.isEmpty()) {
                                text.append(content).append("\n\n");
                            }
                        }
                    }
                }
            }
            String title = docx.getProperties().getCoreProperties().getTitle();
            if (title == null || title.isBlank()) {
                title = firstHeading != null ? firstHeading : TextParser.baseName(file);
            }
            sink.document(new Document(id, title.strip(), text.toString(), Map.of("source", List.of(id))));
        } catch (org.apache.poi.UnsupportedFileFormatException e) {
            throw new IOException("not a .docx file: " + e.getMessage(), e);
        }
    }

    /** 1–6 for "Title" and "Heading1".."Heading6" style ids (any case, with or without a space), else 0. */
    static int headingLevel(String style) {
        if (style == null) {
            return 0;
        }
        String s = style.replace(" ", "").toLowerCase(java.util.Locale.ROOT);
        if (s.equals("title")) {
            return 1;
        }
        if (s.startsWith("heading") && s.length() == 8 && Character.isDigit(s.charAt(7))) {
            return Math.clamp(s.charAt(7) - '0', 1, 6);
        }
        return 0;
    }
}
