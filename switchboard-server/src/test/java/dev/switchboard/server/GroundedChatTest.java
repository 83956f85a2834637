package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.switchboard.sim.Simulator;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Chat with retrieval and session memory: the {@code switchboard} request extension makes the
 * gateway ground the prompt in a collection, and the answer carries citations.
 */
class GroundedChatTest {

    private static Simulator upstream;
    private static GatewayFixture fixture;

    @BeforeAll
    static void start() {
        upstream = GatewayFixture.simulator();
        fixture = GatewayFixture.start("""
                auth:
                  master_key: ${env:SWITCHBOARD_MASTER_KEY}
                providers:
                  vllm: { type: openai, base_url: "${sim0}" }
                models:
                  - name: chat
                    deployments: [{ provider: vllm, model: qwen }]
                retrieval:
                  default_model: test/hashing-256
                """, upstream);
        fixture.post("/v1/collections", "{\"name\": \"handbook\"}");
        HttpResponse<String> written = fixture.post("/v1/collections/handbook/documents", """
                {"documents": [
                  {"id": "leave", "title": "Leave policy", "text": "# Annual leave\\n\\nEmployees get 25 days of annual leave a year."},
                  {"id": "travel", "title": "Travel", "text": "Book flights through the travel desk."},
                  {"id": "secret", "text": "Annual leave bonus for executives.", "metadata": {"tenant": "other"}}
                ]}""");
        assertThat(written.statusCode()).as(written.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ErrorResponsesTest.json(response);
    }

    private static String systemPrompt() {
        JsonNode messages = upstream.lastRequestBody().get("messages");
        return messages.get(0).get("role").asText().equals("system") ? messages.get(0).get("content").asText() : "";
    }

    @Test
    void theSdkGetsAGroundedAnswerWithCitationsInAFieldItIgnores() {
        ChatCompletion completion = fixture.client().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("chat")
                .addUserMessage("How many days of annual leave do I get?")
                .additionalBodyProperties(Map.of("switchboard",
                        JsonValue.from(Map.of("retrieval", Map.of("collection", "handbook", "top_k", 2)))))
                .build());
        assertThat(completion.choices().getFirst().message().content()).isPresent();
        JsonValue annotation = completion._additionalProperties().get("switchboard");
        assertThat(annotation).isNotNull();
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) annotation.convert(Map.class);
        assertThat(fields.get("citations").toString()).contains("leave#0", "[1]", "Employees get 25 days");

        String system = systemPrompt();
        assertThat(system).contains("cite each source you use as [n]")
                .contains("[1] Leave policy › Annual leave\nEmployees get 25 days of annual leave a year.");
        assertThat(upstream.lastRequestBody().has("switchboard")).as("the extension never goes upstream").isFalse();
        JsonNode messages = upstream.lastRequestBody().get("messages");
        assertThat(messages.get(messages.size() - 1).get("content").asText()).isEqualTo("How many days of annual leave do I get?");
    }

    @Test
    void retrievalRespectsTheCallersAccessAndStreamsCitationsOnTheFirstChunk() {
        fixture.createTenant("{\"name\": \"acme\"}");
        String key = fixture.createKey("{\"tenant\": \"acme\"}");
        HttpResponse<String> streamed = fixture.post("/v1/chat/completions", """
                {"model": "chat", "stream": true, "messages": [{"role": "user", "content": "annual leave bonus"}],
                 "switchboard": {"retrieval": {"collection": "handbook", "top_k": 5, "mode": "keyword"}}}""", key);
        assertThat(streamed.statusCode()).as(streamed.body()).isEqualTo(200);
        String firstData = streamed.body().lines().filter(l -> l.startsWith("data: {")).findFirst().orElseThrow();
        assertThat(firstData).contains("\"citations\"", "leave#0").doesNotContain("secret");
        assertThat(streamed.body().lines().filter(l -> l.contains("\"citations\"")).count()).isEqualTo(1);
        assertThat(systemPrompt()).doesNotContain("executives");
    }

    @Test
    void badExtensionsAndUnknownCollectionsAreClientErrors() {
        HttpResponse<String> unknown = fixture.post("/v1/chat/completions", """
                {"model": "chat", "messages": [{"role": "user", "content": "hi"}],
                 "switchboard": {"retrieval": {"collection": "nowhere"}}}""");
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
        HttpResponse<String> field = fixture.post("/v1/chat/completions", """
                {"model": "chat", "messages": [{"role": "user", "content": "hi"}],
                 "switchboard": {"retrieval": {"collection": "handbook", "k": 3}}}""");
        assertThat(field.statusCode()).isEqualTo(400);
        assertThat(field.body()).contains("switchboard.retrieval.k");
        HttpResponse<String> session = fixture.post("/v1/chat/completions", """
                {"model": "chat", "messages": [{"role": "user", "content": "hi"}], "switchboard": {"session": "sess_nope"}}""");
        assertThat(session.statusCode()).isEqualTo(404);
        assertThat(session.body()).contains("session_not_found");
    }

    @Test
    void aSessionKeepsItsGoalAndTurnsInTheContext() {
        String id = ErrorResponsesTest.json(fixture.post("/v1/sessions", "{\"goal\": \"Plan my summer holiday\"}"))
                .get("id").asText();
        for (int i = 1; i <= 12; i++) {
            json(fixture.post("/v1/chat/completions", "{\"model\": \"chat\", \"messages\": [{\"role\": \"user\","
                    + " \"content\": \"question " + i + "\"}], \"switchboard\": {\"session\": \"" + id + "\"}}"));
        }
        JsonNode session = json(fixture.send(java.net.http.HttpRequest.newBuilder(fixture.uri("/v1/sessions/" + id))
                .header("authorization", "Bearer " + GatewayFixture.KEY).GET().build()));
        assertThat(session.get("turns")).hasSize(24);
        assertThat(session.get("turns").get(0).get("content").asText()).isEqualTo("question 1");
        assertThat(session.get("turns").get(1).get("role").asText()).isEqualTo("assistant");
        assertThat(session.get("turns").get(1).get("content").asText()).isNotBlank();

        json(fixture.post("/v1/chat/completions", "{\"model\": \"chat\", \"messages\": [{\"role\": \"user\", \"content\":"
                + " \"how long is annual leave\"}], \"switchboard\": {\"session\": \"" + id + "\", \"retrieval\":"
                + " {\"collection\": \"handbook\", \"top_k\": 1}}}"));
        JsonNode messages = upstream.lastRequestBody().get("messages");
        assertThat(messages.get(0).get("content").asText()).startsWith("The goal of this conversation: Plan my summer holiday")
                .contains("[1] Leave policy");
        assertThat(messages.size()).as("system + 10 kept turns + the question").isEqualTo(12);
        assertThat(messages.get(1).get("content").asText()).isEqualTo("question 8");
        assertThat(messages.get(messages.size() - 1).get("content").asText()).isEqualTo("how long is annual leave");

        fixture.createTenant("{\"name\": \"intruders\"}");
        String other = fixture.createKey("{\"tenant\": \"intruders\"}");
        HttpResponse<String> foreign = fixture.post("/v1/chat/completions", "{\"model\": \"chat\", \"messages\": [{\"role\":"
                + " \"user\", \"content\": \"hi\"}], \"switchboard\": {\"session\": \"" + id + "\"}}", other);
        assertThat(foreign.statusCode()).as("another key cannot use the session").isEqualTo(404);
    }
}
