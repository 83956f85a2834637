package dev.switchboard.retrieval.ingest;

import dev.switchboard.retrieval.Document;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * PDF with PDFBox: the text in reading order, paragraphs as PDFBox detects them, one document.
 * Title: the PDF's title property, else the file name. Encrypted or corrupt files fail with
 * PDFBox's reason.
 */
final class PdfParser implements DocumentParser {

    @Override
    public void parse(Path file, String id, DocumentSink sink) throws IOException {
        try (PDDocument pdf = Loader.loadPDF(file.toFile())) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            stripper.setParagraphEnd("\n\n");
            String text = stripper.getText(pdf);
            String title = pdf.getDocumentInformation().getTitle();
            sink.document(new Document(id, title == null || title.isBlank() ? TextParser.baseName(file) : title.strip(),
                    text, Map.of("source", List.of(id))));
        }
    }
}
