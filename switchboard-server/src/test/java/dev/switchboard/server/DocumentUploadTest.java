package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Files uploaded as multipart/form-data to {@code POST /v1/collections/{name}/documents} over real
 * HTTP: every supported type, ids and metadata fields, per-file failures, and the refusals (413,
 * 415, 404, 400, 403) in OpenAI's error shape.
 */
class DocumentUploadTest {

    private static GatewayFixture fixture;

    @BeforeAll
    static void start() {
        fixture = GatewayFixture.start("""
                auth:
                  master_key: ${env:SWITCHBOARD_MASTER_KEY}
                retrieval:
                  default_model: test/hashing-256
                  max_file_bytes: 32KiB
                  max_upload_bytes: 256KiB
                """);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    /** A multipart/form-data body, built as a browser or curl -F would. */
    private static final class Form {
        final String boundary = "----switchboardTestBoundary0123";
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        Form field(String name, String value) {
            return part("form-data; name=\"" + name + "\"", null, value.getBytes(StandardCharsets.UTF_8));
        }

        Form file(String fileName, String contentType, byte[] content) {
            return part("form-data; name=\"file\"; filename=\"" + fileName + "\"", contentType, content);
        }

        Form file(String fileName, String text) {
            return file(fileName, "application/octet-stream", text.getBytes(StandardCharsets.UTF_8));
        }

        Form part(String disposition, String contentType, byte[] content) {
            String head = "--" + boundary + "\r\nContent-Disposition: " + disposition + "\r\n"
                    + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n") + "\r\n";
            body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
            body.writeBytes(content);
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        byte[] bytes() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(body.toByteArray());
            all.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            return all.toByteArray();
        }

        String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }
    }

    private static HttpResponse<String> upload(String collection, Form form) {
        return upload(collection, form, GatewayFixture.KEY);
    }

    private static HttpResponse<String> upload(String collection, Form form, String key) {
        return fixture.send(HttpRequest.newBuilder(fixture.uri("/v1/collections/" + collection + "/documents"))
                .header("authorization", "Bearer " + key).header("content-type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes())).build());
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ErrorResponsesTest.json(response);
    }

    private static JsonNode error(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = ErrorResponsesTest.json(response).get("error");
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.get("type").asText()).isEqualTo(status == 403 ? "permission_error" : "invalid_request_error");
        return error;
    }

    private static void create(String collection) {
        assertThat(fixture.post("/v1/collections", "{\"name\": \"" + collection + "\"}").statusCode()).isEqualTo(201);
    }

    /** The outcomes of an upload by document id (or by file name for entries without one). */
    private static Map<String, JsonNode> byId(JsonNode answer) {
        Map<String, JsonNode> outcomes = new LinkedHashMap<>();
        answer.get("data").forEach(o -> outcomes.put(o.has("id") ? o.get("id").asText() : o.get("file").asText(), o));
        return outcomes;
    }

    private static List<String> found(String collection, String words) {
        JsonNode answer = ErrorResponsesTest.json(fixture.post("/v1/collections/" + collection + "/query",
                "{\"query\": \"" + words + "\", \"mode\": \"keyword\", \"top_k\": 10}"));
        List<String> ids = new ArrayList<>();
        answer.get("data").forEach(hit -> ids.add(hit.get("document_id").asText()));
        return ids;
    }

    private static long chunks(String collection) {
        return ErrorResponsesTest.json(fixture.send(HttpRequest.newBuilder(fixture.uri("/v1/collections/" + collection))
                .header("authorization", "Bearer " + GatewayFixture.KEY).GET().build())).get("chunks").asLong();
    }

    @Test
    void filesOfEveryTypeAreIndexedWithTheirIdsAndTheUploadsMetadata() throws IOException {
        create("uploads");
        Form form = new Form()
                .file("notes.txt", "Plain notes about kerosene storage.")
                .file("guides/setup.md", "# Setup\n\n## Install\n\nRun the turbine installer.")
                .file("page.html", "<html><head><title>Hangar rules</title></head><body><h1>Rules</h1>"
                        + "<p>Close the hangar doors at night.</p></body></html>")
                .file("manual.pdf", "application/pdf", pdf("Propeller maintenance schedule"))
                .file("policy", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx())
                .file("corpus.jsonl", "{\"_id\": \"c1\", \"text\": \"Aileron hinge inspection.\", \"metadata\": {\"year\": 1999}}\n"
                        + "{\"_id\": \"c2\", \"text\": \"Rudder cable tension.\"}\n")
                .field("id", "").field("id", "setup-guide").field("id", "").field("id", "").field("id", "pay-policy")
                .field("id", "")
                .field("metadata", "{\"deck\": \"ops\", \"roles\": [\"staff\", \"hr\"]}");
        Map<String, JsonNode> outcomes = byId(ok(upload("uploads", form)));

        assertThat(outcomes.keySet()).containsExactly("notes.txt", "setup-guide", "page.html", "manual.pdf", "pay-policy",
                "c1", "c2");
        outcomes.values().forEach(o -> assertThat(o.get("status").asText()).as(o.toString()).isEqualTo("indexed"));
        assertThat(outcomes.get("setup-guide").get("file").asText()).isEqualTo("guides/setup.md");
        assertThat(outcomes.get("c1").get("file").asText()).isEqualTo("corpus.jsonl");
        assertThat(outcomes.get("notes.txt").get("chunks").asInt()).isEqualTo(1);

        assertThat(found("uploads", "kerosene")).containsExactly("notes.txt");
        assertThat(found("uploads", "turbine")).containsExactly("setup-guide");
        assertThat(found("uploads", "hangar doors")).containsExactly("page.html");
        assertThat(found("uploads", "propeller")).containsExactly("manual.pdf");
        assertThat(found("uploads", "overtime")).containsExactly("pay-policy");
        assertThat(found("uploads", "aileron")).containsExactly("c1");

        JsonNode hit = ErrorResponsesTest.json(fixture.post("/v1/collections/uploads/query",
                "{\"query\": \"turbine\", \"mode\": \"keyword\", \"filter\": {\"deck\": \"ops\"}}")).get("data").get(0);
        assertThat(hit.get("heading_path").toString()).isEqualTo("[\"Setup\",\"Install\"]");
        assertThat(hit.get("metadata").get("source").get(0).asText()).isEqualTo("guides/setup.md");
        assertThat(hit.get("metadata").get("roles").toString()).isEqualTo("[\"staff\",\"hr\"]");

        Map<String, JsonNode> again = byId(ok(upload("uploads", new Form().file("notes.txt", "Plain notes about kerosene storage.")
                .field("metadata", "{\"deck\": \"ops\", \"roles\": [\"staff\", \"hr\"]}"))));
        assertThat(again.get("notes.txt").get("status").asText()).as("the same file again changes nothing").isEqualTo("unchanged");
    }

    @Test
    void eachBadFileFailsOnItsOwnAndTheOthersAreIndexed() {
        create("mixed");
        Form form = new Form()
                .file("good.txt", "Good text about gliders.")
                .file("image.png", "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G'})
                .file("broken.pdf", "application/pdf", "this is not a pdf".getBytes(StandardCharsets.UTF_8))
                .file("broken.docx", "not a zip, gliders")
                .file("empty.md", "   \n")
                .file("big.txt", "gliders ".repeat(5000))
                .part("form-data; name=\"file\"", "text/plain", "gliders without a name".getBytes(StandardCharsets.UTF_8));
        Map<String, JsonNode> outcomes = byId(ok(upload("mixed", form)));

        assertThat(outcomes.get("good.txt").get("status").asText()).isEqualTo("indexed");
        for (String failed : List.of("image.png", "broken.pdf", "broken.docx", "empty.md", "big.txt", "")) {
            assertThat(outcomes.get(failed)).as(failed + " in " + outcomes).isNotNull();
            assertThat(outcomes.get(failed).get("status").asText()).as(failed).isEqualTo("failed");
            assertThat(outcomes.get(failed).get("chunks").asInt()).isZero();
        }
        assertThat(outcomes.get("image.png").get("error").asText()).contains("unsupported file type '.png'", ".pdf .docx");
        assertThat(outcomes.get("broken.pdf").get("error").asText()).startsWith("cannot read").doesNotContain("switchboard-upload");
        assertThat(outcomes.get("broken.docx").get("error").asText()).startsWith("cannot read");
        assertThat(outcomes.get("empty.md").get("error").asText()).contains("empty");
        assertThat(outcomes.get("big.txt").get("error").asText())
                .isEqualTo("the file is 40,000 bytes, larger than the limit of 32,768 bytes (retrieval.max_file_bytes)");
        assertThat(outcomes.get("").get("error").asText()).contains("needs a file name");
        assertThat(found("mixed", "gliders")).containsExactly("good.txt");
    }

    @Test
    void uploadsOverTheLimitGet413WhetherTheirLengthIsDeclaredOrNot() {
        create("limits");
        Form form = new Form();
        for (int i = 0; i < 10; i++) {
            form.file("part" + i + ".txt", "sizeable words ".repeat(2000));
        }
        byte[] body = form.bytes();
        assertThat(body.length).isGreaterThan(256 * 1024);
        JsonNode declared = error(upload("limits", form), 413);
        assertThat(declared.get("code").asText()).isEqualTo("request_too_large");
        assertThat(declared.get("message").asText()).contains("262144 bytes", "retrieval.max_upload_bytes");

        HttpResponse<String> streamed = fixture.send(HttpRequest.newBuilder(fixture.uri("/v1/collections/limits/documents"))
                .header("authorization", "Bearer " + GatewayFixture.KEY).header("content-type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());
        assertThat(error(streamed, 413).get("code").asText()).isEqualTo("request_too_large");
        assertThat(chunks("limits")).as("nothing of a refused upload is indexed").isZero();
    }

    @Test
    void wrongRequestsAreRefusedWithTheRightStatusAndNothingIsIndexed() {
        create("strict");
        HttpResponse<String> text = fixture.send(HttpRequest.newBuilder(fixture.uri("/v1/collections/strict/documents"))
                .header("authorization", "Bearer " + GatewayFixture.KEY).header("content-type", "application/pdf")
                .POST(HttpRequest.BodyPublishers.ofString("%PDF-1.4")).build());
        JsonNode unsupported = error(text, 415);
        assertThat(unsupported.get("code").asText()).isEqualTo("unsupported_media_type");
        assertThat(unsupported.get("message").asText()).contains("application/pdf", "multipart/form-data");

        assertThat(error(upload("nowhere", new Form().file("a.txt", "text")), 404).get("code").asText())
                .isEqualTo("collection_not_found");
        assertThat(error(upload("strict", new Form().file("a.txt", "text").field("colour", "red")), 400).get("param").asText())
                .isEqualTo("colour");
        assertThat(error(upload("strict", new Form().field("id", "x")), 400).get("param").asText()).isEqualTo("file");
        assertThat(error(upload("strict", new Form().file("a.txt", "a").file("b.txt", "b").field("id", "x")), 400)
                .get("param").asText()).isEqualTo("id");
        assertThat(error(upload("strict", new Form().file("a.txt", "a").field("metadata", "[1]")), 400)
                .get("param").asText()).isEqualTo("metadata");
        assertThat(error(upload("strict", new Form().file("a.txt", "a").field("metadata", "{\"x\": {\"y\": 1}}")), 400)
                .get("message").asText()).contains("metadata field 'x'");

        Form truncated = new Form().file("a.txt", "text that never ends");
        HttpResponse<String> cut = fixture.send(HttpRequest.newBuilder(fixture.uri("/v1/collections/strict/documents"))
                .header("authorization", "Bearer " + GatewayFixture.KEY).header("content-type", truncated.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(truncated.body.toByteArray())).build());
        assertThat(error(cut, 400).get("message").asText()).contains("malformed", "closing boundary");
        HttpResponse<String> noBoundary = fixture.send(HttpRequest.newBuilder(fixture.uri("/v1/collections/strict/documents"))
                .header("authorization", "Bearer " + GatewayFixture.KEY).header("content-type", "multipart/form-data")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build());
        assertThat(error(noBoundary, 400).get("message").asText()).contains("boundary");

        fixture.createTenant("{\"name\": \"readers\"}");
        String reader = fixture.createKey("{\"tenant\": \"readers\"}");
        assertThat(error(upload("strict", new Form().file("a.txt", "text"), reader), 403).get("code").asText())
                .isEqualTo("retrieval_read_only");
        assertThat(chunks("strict")).isZero();
    }

    private static byte[] pdf(String text) throws IOException {
        try (PDDocument pdf = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            pdf.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 700);
                content.showText(text);
                content.endText();
            }
            pdf.save(out);
            return out.toByteArray();
        }
    }

    private static byte[] docx() throws IOException {
        try (XWPFDocument docx = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XWPFParagraph heading = docx.createParagraph();
            heading.setStyle("Heading1");
            heading.createRun().setText("Pay");
            docx.createParagraph().createRun().setText("Overtime is paid at time and a half.");
            docx.write(out);
            return out.toByteArray();
        }
    }
}
