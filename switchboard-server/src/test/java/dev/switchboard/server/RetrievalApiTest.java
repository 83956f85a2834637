package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The retrieval API over HTTP: collections, documents, queries, access by tenant and role, errors,
 * and erasure through the consent vault. Uses the hashing embedder so that no model loads.
 */
class RetrievalApiTest {

    private static GatewayFixture fixture;

    @BeforeAll
    static void start() {
        fixture = GatewayFixture.start("""
                auth:
                  master_key: ${env:SWITCHBOARD_MASTER_KEY}
                retrieval:
                  default_model: test/hashing-256
                  max_top_k: 20
                """);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static JsonNode ok(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return ErrorResponsesTest.json(response);
    }

    private static JsonNode error(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = ErrorResponsesTest.json(response).get("error");
        assertThat(error.get("message").asText()).isNotBlank();
        return error;
    }

    private static HttpResponse<String> delete(String path, String key) {
        return fixture.send(HttpRequest.newBuilder(fixture.uri(path)).header("authorization", "Bearer " + key)
                .DELETE().build());
    }

    private static HttpResponse<String> get(String path) {
        return fixture.send(HttpRequest.newBuilder(fixture.uri(path)).header("authorization", "Bearer " + GatewayFixture.KEY)
                .GET().build());
    }

    private static List<String> documentIds(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        answer.get("data").forEach(hit -> ids.add(hit.get("document_id").asText()));
        return ids;
    }

    @Test
    void collectionsAreCreatedListedAndDeleted() {
        JsonNode created = ok(fixture.post("/v1/collections", "{\"name\": \"tmp-coll\"}"), 201);
        assertThat(created.get("model").asText()).isEqualTo("test/hashing-256");
        assertThat(created.get("dimensions").asInt()).isEqualTo(256);
        assertThat(error(fixture.post("/v1/collections", "{\"name\": \"tmp-coll\"}"), 409).get("code").asText())
                .isEqualTo("collection_exists");
        assertThat(ok(get("/v1/collections"), 200).findValuesAsText("name")).contains("tmp-coll");
        assertThat(ok(get("/v1/collections/tmp-coll"), 200).get("chunks").asLong()).isZero();
        assertThat(ok(delete("/v1/collections/tmp-coll", GatewayFixture.KEY), 200).get("deleted").asBoolean()).isTrue();
        assertThat(error(get("/v1/collections/tmp-coll"), 404).get("code").asText()).isEqualTo("collection_not_found");
        assertThat(error(fixture.post("/v1/collections", "{\"name\": \"Bad Name!\"}"), 400).get("param").asText())
                .isEqualTo("name");
        assertThat(error(fixture.post("/v1/collections", "{\"name\": \"x\", \"model\": \"nope/model\"}"), 400)
                .get("message").asText()).contains("nope/model");
    }

    @Test
    void documentsAreIngestedAndFoundWithCitations() {
        ok(fixture.post("/v1/collections", "{\"name\": \"handbook\"}"), 201);
        JsonNode written = ok(fixture.post("/v1/collections/handbook/documents", """
                {"documents": [
                  {"id": "leave", "title": "Leave", "text": "# Leave\\n\\nEmployees get 25 days of annual leave.",
                   "metadata": {"deck": "hr"}},
                  {"id": "travel", "text": "Book flights through the travel desk.", "metadata": {"deck": ["finance", "travel"]}},
                  {"id": "empty", "text": " "}
                ]}"""), 200);
        assertThat(written.findValuesAsText("status")).containsExactly("indexed", "indexed", "failed");
        assertThat(written.get("data").get(2).get("error").asText()).contains("empty");

        JsonNode found = ok(fixture.post("/v1/collections/handbook/query",
                "{\"query\": \"how many days of annual leave\", \"top_k\": 3}"), 200);
        assertThat(found.get("mode").asText()).isEqualTo("hybrid");
        JsonNode first = found.get("data").get(0);
        assertThat(first.get("id").asText()).isEqualTo("leave#0");
        assertThat(first.get("document_id").asText()).isEqualTo("leave");
        assertThat(first.get("position").asInt()).isZero();
        assertThat(first.get("heading_path").get(0).asText()).isEqualTo("Leave");
        assertThat(first.get("text").asText()).isEqualTo("Employees get 25 days of annual leave.");
        assertThat(first.get("title").asText()).isEqualTo("Leave");
        assertThat(first.get("metadata").get("deck").get(0).asText()).isEqualTo("hr");
        assertThat(first.get("score").asDouble()).isPositive();

        for (String mode : List.of("keyword", "vector")) {
            JsonNode filtered = ok(fixture.post("/v1/collections/handbook/query",
                    "{\"query\": \"leave flights\", \"mode\": \"" + mode + "\", \"filter\": {\"deck\": \"travel\"}}"), 200);
            assertThat(documentIds(filtered)).as(mode).containsExactly("travel");
        }
        JsonNode exact = ok(fixture.post("/v1/collections/handbook/query", "{\"query\": \"leave\", \"mode\": \"exact\"}"), 200);
        assertThat(documentIds(exact)).containsExactly("leave");

        assertThat(ok(delete("/v1/collections/handbook/documents/travel", GatewayFixture.KEY), 200).get("deleted")
                .asBoolean()).isTrue();
        ok(fixture.post("/v1/collections/handbook/documents", "{\"id\": \"guides/a.md\", \"text\": \"Slash id.\"}"), 200);
        assertThat(ok(delete("/v1/collections/handbook/documents?id=guides/a.md", GatewayFixture.KEY), 200).get("id")
                .asText()).isEqualTo("guides/a.md");
        assertThat(error(delete("/v1/collections/handbook/documents/travel", GatewayFixture.KEY), 404).get("code").asText())
                .isEqualTo("document_not_found");
    }

    @Test
    void badQueriesGetA400NamingTheFieldAndUnknownCollectionsA404() {
        ok(fixture.post("/v1/collections", "{\"name\": \"errors\"}"), 201);
        ok(fixture.post("/v1/collections/errors/documents", "{\"id\": \"a\", \"text\": \"Text.\", \"metadata\": {\"deck\": \"x\"}}"), 200);
        JsonNode field = error(fixture.post("/v1/collections/errors/query", "{\"query\": \"x\", \"filter\": {\"colour\": \"red\"}}"), 400);
        assertThat(field.get("param").asText()).isEqualTo("filter");
        assertThat(field.get("message").asText()).contains("unknown filter field 'colour'", "deck");
        assertThat(error(fixture.post("/v1/collections/errors/query", "{\"query\": \"x\", \"top_k\": 21}"), 400)
                .get("param").asText()).isEqualTo("top_k");
        assertThat(error(fixture.post("/v1/collections/errors/query", "{\"query\": \"x\", \"top_k\": 0}"), 400)
                .get("message").asText()).contains("between 1 and 20");
        assertThat(error(fixture.post("/v1/collections/errors/query", "{\"query\": \"x\", \"mode\": \"fuzzy\"}"), 400)
                .get("param").asText()).isEqualTo("mode");
        assertThat(error(fixture.post("/v1/collections/errors/query", "{\"query\": \"\"}"), 400)
                .get("param").asText()).isEqualTo("query");
        assertThat(error(fixture.post("/v1/collections/errors/query", "{\"query\": \"x\", \"topk\": 3}"), 400)
                .get("message").asText()).contains("unknown field 'topk'");
        assertThat(error(fixture.post("/v1/collections/errors/query", "{\"query\": \"x\", \"model\": \"local/all-minilm-l6-v2\"}"), 400)
                .get("message").asText()).contains("was built with embedding model 'test/hashing-256'");
        assertThat(error(fixture.post("/v1/collections/errors/query", "not json"), 400).get("code").asText())
                .isEqualTo("invalid_json");
        assertThat(error(fixture.post("/v1/collections/nowhere/query", "{\"query\": \"x\"}"), 404).get("code").asText())
                .isEqualTo("collection_not_found");
        assertThat(error(fixture.post("/v1/collections/errors/documents", "{\"documents\": [{\"text\": \"no id\"}]}"), 400)
                .get("param").asText()).isEqualTo("documents[0]");
        assertThat(error(fixture.post("/v1/collections/errors/query", "{\"query\": \"x\"}", "sk-wrong-key-000000"), 401)
                .get("code").asText()).isEqualTo("invalid_api_key");
    }

    @Test
    void tenantKeysSeeOnlyWhatTheirTenantAndRolesMayRead() {
        fixture.createTenant("{\"name\": \"acme\"}");
        fixture.createTenant("{\"name\": \"globex\"}");
        String acmeWriter = fixture.createKey("{\"tenant\": \"acme\", \"metadata\": {\"retrieval\": \"write\"}}");
        String acmeStaff = fixture.createKey("{\"tenant\": \"acme\", \"metadata\": {\"roles\": \"staff\"}}");
        String acmeHr = fixture.createKey("{\"tenant\": \"acme\", \"metadata\": {\"roles\": \"staff, hr\"}}");
        String globex = fixture.createKey("{\"tenant\": \"globex\"}");
        ok(fixture.post("/v1/collections", "{\"name\": \"shared\"}"), 201);
        ok(fixture.post("/v1/collections/shared/documents", """
                {"documents": [{"id": "public", "text": "Salary bands are public."},
                               {"id": "hr-only", "text": "Salary of each employee.", "metadata": {"tenant": "acme", "roles": "hr"}}]}"""), 200);
        ok(fixture.post("/v1/collections/shared/documents",
                "{\"id\": \"acme-note\", \"text\": \"Salary review in March.\", \"metadata\": {\"tenant\": \"globex\"}}", acmeWriter), 200);

        String query = "{\"query\": \"salary\", \"top_k\": 10}";
        assertThat(documentIds(ok(fixture.post("/v1/collections/shared/query", query, acmeStaff), 200)))
                .as("a writer's documents are stamped with its own tenant").containsExactlyInAnyOrder("public", "acme-note");
        assertThat(documentIds(ok(fixture.post("/v1/collections/shared/query", query, acmeHr), 200)))
                .containsExactlyInAnyOrder("public", "acme-note", "hr-only");
        assertThat(documentIds(ok(fixture.post("/v1/collections/shared/query", query, globex), 200))).containsExactly("public");
        assertThat(error(fixture.post("/v1/collections", "{\"name\": \"mine\"}", acmeStaff), 403).get("code").asText())
                .isEqualTo("retrieval_read_only");
        assertThat(error(delete("/v1/collections/shared", acmeStaff), 403).get("code").asText())
                .isEqualTo("retrieval_read_only");
    }

    @Test
    void erasingASubjectThroughTheConsentVaultDeletesTheirDocuments() {
        ok(fixture.post("/v1/collections", "{\"name\": \"cases\"}"), 201);
        ok(fixture.post("/v1/collections/cases/documents", """
                {"documents": [{"id": "c1", "text": "Case notes on the claim.", "metadata": {"subject": "subj-9"}},
                               {"id": "c2", "text": "Other claim notes.", "metadata": {"subject": "subj-10"}}]}"""), 200);
        JsonNode report = ok(fixture.admin("POST", "/admin/consent/subjects/subj-9/erase", null), 200);
        JsonNode hook = null;
        for (JsonNode h : report.get("hooks")) {
            if (h.get("name").asText().equals("retrieval")) {
                hook = h;
            }
        }
        assertThat(hook).as(report.toString()).isNotNull();
        assertThat(hook.get("erased").asLong()).isEqualTo(1);
        assertThat(documentIds(ok(fixture.post("/v1/collections/cases/query", "{\"query\": \"claim notes\"}"), 200)))
                .containsExactly("c2");
    }
}
