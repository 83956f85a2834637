package dev.switchboard.retrieval.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.retrieval.Retrieval;
import dev.switchboard.retrieval.RetrievalSettings;
import dev.switchboard.retrieval.TextRedactor;
import dev.switchboard.retrieval.embed.HashingEmbedder;
import dev.switchboard.retrieval.search.SearchMode;
import dev.switchboard.retrieval.store.Hit;
import dev.switchboard.retrieval.store.LuceneStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestorTest {

    @TempDir
    Path index;
    @TempDir
    Path docs;

    private Retrieval retrieval;
    private final List<String> problems = new ArrayList<>();
    private final List<Long> progress = new ArrayList<>();
    private final IngestListener listener = new IngestListener() {
        @Override
        public void progress(long bytesDone, long documents, long chunks) {
            progress.add(bytesDone);
        }

        @Override
        public void problem(String where, String message) {
            problems.add(where + ": " + message);
        }
    };

    @BeforeEach
    void setUp() {
        HashingEmbedder embedder = new HashingEmbedder();
        retrieval = new Retrieval(new LuceneStore(index), name -> Optional.of(embedder),
                RetrievalSettings.defaults(HashingEmbedder.MODEL), (collection, text) -> text.replace("555-0100", "<PHONE>"));
        retrieval.create("kb", null);
    }

    @AfterEach
    void tearDown() {
        retrieval.close();
    }

    private Ingestor ingestor(long maxFileBytes) {
        return new Ingestor(retrieval, maxFileBytes, 3, listener);
    }

    private List<Hit> find(String words) {
        return retrieval.search("kb", Retrieval.Query.of(words, SearchMode.KEYWORD, 10));
    }

    @Test
    void ingestsEveryFileTypeWithIdsFromTheirPaths() throws IOException {
        Files.writeString(docs.resolve("notes.txt"), "Plain notes about kerosene storage.");
        Files.createDirectories(docs.resolve("guides"));
        Files.writeString(docs.resolve("guides/setup.md"), "# Setup\n\n## Install\n\nRun the turbine installer.");
        Files.writeString(docs.resolve("page.html"), "<html><head><title>Hangar rules</title><script>var x=1;</script>"
                + "</head><body><h1>Rules</h1><h2>Doors</h2><p>Close the hangar doors at night.</p>"
                + "<ul><li>Sweep the floor daily.</li></ul></body></html>");
        pdf(docs.resolve("manual.pdf"), "Propeller maintenance schedule");
        docx(docs.resolve("policy.docx"));
        Files.writeString(docs.resolve("corpus.jsonl"), """
                {"_id": "c1", "title": "Wing", "text": "Aileron hinge inspection.", "metadata": {"deck": "a", "year": 1999}}
                {"id": "c2", "text": "Rudder cable tension."}
                """);
        Ingestor.Report report = ingestor(1_000_000).ingest("kb", List.of(docs));
        assertThat(problems).isEmpty();
        assertThat(report.files()).isEqualTo(6);
        assertThat(report.documents()).isEqualTo(7);
        assertThat(report.failed()).isZero();
        assertThat(find("kerosene").getFirst().chunk().documentId()).isEqualTo("notes.txt");
        Hit setup = find("turbine").getFirst();
        assertThat(setup.chunk().documentId()).isEqualTo("guides/setup.md");
        assertThat(setup.chunk().headingPath()).containsExactly("Setup", "Install");
        assertThat(setup.title()).isEqualTo("Setup");
        Hit html = find("hangar doors").getFirst();
        assertThat(html.chunk().documentId()).isEqualTo("page.html");
        assertThat(html.title()).isEqualTo("Hangar rules");
        assertThat(html.chunk().headingPath()).containsExactly("Rules", "Doors");
        assertThat(find("var")).isEmpty();
        assertThat(find("sweep").getFirst().chunk().documentId()).isEqualTo("page.html");
        assertThat(find("propeller").getFirst().chunk().documentId()).isEqualTo("manual.pdf");
        Hit docx = find("overtime").getFirst();
        assertThat(docx.chunk().documentId()).isEqualTo("policy.docx");
        assertThat(docx.chunk().headingPath()).containsExactly("Pay");
        Hit c1 = find("aileron").getFirst();
        assertThat(c1.chunk().documentId()).isEqualTo("c1");
        assertThat(c1.title()).isEqualTo("Wing");
        assertThat(c1.chunk().metadata()).containsEntry("deck", List.of("a")).containsEntry("year", List.of("1999"));
        assertThat(find("rudder").getFirst().chunk().documentId()).isEqualTo("c2");
        assertThat(progress).isNotEmpty().isSorted();
    }

    @Test
    void badFilesAndLinesAreReportedAndTheRestIsIngested() throws IOException {
        Files.writeString(docs.resolve("good.txt"), "Good text about gliders.");
        Files.write(docs.resolve("broken.pdf"), "this is not a pdf".getBytes());
        Files.write(docs.resolve("broken.docx"), new byte[] {1, 2, 3});
        Files.writeString(docs.resolve("big.txt"), "x ".repeat(6000));
        Files.writeString(docs.resolve("empty.md"), "   \n");
        Files.writeString(docs.resolve("image.png"), "png");
        Files.writeString(docs.resolve(".hidden.txt"), "secret gliders");
        Files.writeString(docs.resolve("lines.jsonl"), "{\"_id\": \"j1\", \"text\": \"Winch rope.\"}\nnot json\n"
                + "{\"text\": \"no id\"}\n{\"_id\": \"j2\", \"text\": 5}\n");
        Ingestor.Report report = ingestor(10_000).ingest("kb", List.of(docs, docs.resolve("missing.txt")));
        assertThat(find("gliders")).extracting(h -> h.chunk().documentId()).containsExactly("good.txt");
        assertThat(find("winch")).extracting(h -> h.chunk().documentId()).containsExactly("j1");
        assertThat(String.join("\n", problems))
                .contains("broken.pdf: cannot read")
                .contains("broken.docx: cannot read")
                .contains("big.txt: the file is 12,000 bytes, larger than the limit of 10,000 bytes")
                .contains("document empty.md: the document is empty")
                .contains("image.png: unsupported file type '.png'")
                .contains("lines.jsonl line 2: not JSON")
                .contains("lines.jsonl line 3: \"_id\" (or \"id\") must be a non-empty string")
                .contains("lines.jsonl line 4: \"text\" must be a string")
                .contains("missing.txt: no such file or folder")
                .doesNotContain(".hidden");
        assertThat(report.documents()).isEqualTo(2);
        assertThat(report.failed()).isEqualTo(6);
    }

    @Test
    void documentsLongerThanTheLimitAreRefusedAsTheyAreReadAndTheRestIsIngested() throws IOException {
        HashingEmbedder embedder = new HashingEmbedder();
        RetrievalSettings defaults = RetrievalSettings.defaults(HashingEmbedder.MODEL);
        try (Retrieval small = new Retrieval(new LuceneStore(index.resolve("small")), name -> Optional.of(embedder),
                new RetrievalSettings(defaults.defaultModel(), defaults.chunking(), defaults.rrfK(), defaults.candidates(),
                        defaults.maxTopK(), 1000, defaults.maxFileBytes()), TextRedactor.NONE)) {
            small.create("kb", null);
            Files.writeString(docs.resolve("long.txt"), "glider ".repeat(500));
            Files.writeString(docs.resolve("short.md"), "A short note on gliders.");
            Files.writeString(docs.resolve("lines.jsonl"), "{\"_id\": \"a\", \"text\": \"Winch rope.\"}\r\n"
                    + "{\"_id\": \"b\", \"text\": \"" + "x".repeat(5000) + "\"}\n\n{\"_id\": \"c\", \"text\": \"Tow hook.\"}");
            Ingestor.Report report = new Ingestor(small, 1_000_000, 3, listener).ingest("kb", List.of(docs));
            assertThat(String.join("\n", problems))
                    .contains("long.txt: cannot read: the document has more than 1000 characters, the limit")
                    .contains("lines.jsonl line 2: the line has 5024 characters, more than the limit of 1000");
            assertThat(report.documents()).as("short.md, a and c").isEqualTo(3);
            assertThat(small.search("kb", Retrieval.Query.of("tow hook winch", SearchMode.KEYWORD, 10)))
                    .extracting(h -> h.chunk().documentId()).containsExactlyInAnyOrder("a", "c");
        }
    }

    @Test
    void reingestingTheSameFilesChangesNothingAndTextIsRedactedBeforeIndexing() throws IOException {
        Files.writeString(docs.resolve("a.txt"), "Call the duty officer on 555-0100.");
        Ingestor.Report first = ingestor(1_000_000).ingest("kb", List.of(docs));
        Ingestor.Report second = ingestor(1_000_000).ingest("kb", List.of(docs));
        assertThat(first.documents()).isEqualTo(1);
        assertThat(second.unchanged()).isEqualTo(1);
        assertThat(second.chunks()).isZero();
        assertThat(find("officer").getFirst().chunk().text()).isEqualTo("Call the duty officer on <PHONE>.");
    }

    private static void pdf(Path file, String text) throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            PDPage page = new PDPage();
            pdf.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 700);
                content.showText(text);
                content.endText();
            }
            pdf.save(file.toFile());
        }
    }

    private static void docx(Path file) throws IOException {
        try (XWPFDocument docx = new XWPFDocument(); OutputStream out = Files.newOutputStream(file)) {
            XWPFParagraph heading = docx.createParagraph();
            heading.setStyle("Heading1");
            heading.createRun().setText("Pay");
            docx.createParagraph().createRun().setText("Overtime is paid at time and a half.");
            docx.write(out);
        }
    }
}
