package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.switchboard.sim.Simulator;
import dev.switchboard.sim.SimulatorConfig;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pseudonymization through the real gateway: the OpenAI SDK sends personal data, the simulator (in
 * echo mode, answering with what it received, in 3-character chunks) never sees it, and the client
 * gets it back in the answer — whole, streamed and in tool-call arguments.
 */
class PiiEndToEndTest {

    private static final String PROMPT = "Please greet Alice Smith and mail alice.smith@example.com, then Bob Jones.";

    private static Simulator upstream;
    private static GatewayFixture fixture;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        upstream = GatewayFixture.simulator(SimulatorConfig.builder().echo(true));
        fixture = GatewayFixture.start("""
                auth:
                  master_key: ${env:SWITCHBOARD_MASTER_KEY}
                providers:
                  sim: { type: openai, base_url: "${sim0}" }
                models:
                  - name: chat
                    deployments: [{ provider: sim, model: m }]
                  - name: embed
                    deployments: [{ provider: sim, model: e }]
                privacy:
                  policy: pseudonymize
                  recognizers:
                    - { name: people, type: deny_list, entity: PERSON, words: [Alice Smith, Bob Jones] }
                    - { name: email, type: regex, entity: EMAIL_ADDRESS, pattern: "[a-z.]+@[a-z]+\\\\.[a-z]+", score: 0.9 }
                  tenants:
                    watchers: { policy: detect }
                """, upstream);
        client = fixture.client();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static String lastUserContent() {
        JsonNode messages = upstream.lastRequestBody().get("messages");
        return messages.get(messages.size() - 1).get("content").asText();
    }

    @Test
    void upstreamSeesPlaceholdersAndTheClientGetsTheOriginalsBack() {
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("chat").addUserMessage(PROMPT).build());

        assertThat(lastUserContent()).isEqualTo(
                "Please greet <PERSON_1> and mail <EMAIL_ADDRESS_1>, then <PERSON_2>.");
        assertThat(completion.choices().get(0).message().content()).hasValue("[simulated] " + PROMPT);
    }

    @Test
    void streamedAnswersAreRestoredAcrossChunkBoundaries() {
        StringBuilder text = new StringBuilder();
        int chunks;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("chat").addUserMessage(PROMPT).build())) {
            List<ChatCompletionChunk> all = stream.stream().toList();
            chunks = all.size();
            all.forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
        }
        assertThat(lastUserContent()).doesNotContain("Alice", "Bob", "example.com");
        assertThat(chunks).as("the answer came in many small chunks").isGreaterThan(20);
        assertThat(text.toString()).isEqualTo("[simulated] " + PROMPT);
    }

    @Test
    void toolCallArgumentsAreRestored() throws Exception {
        FunctionDefinition send = FunctionDefinition.builder().name("send_note")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("note", Map.of("type", "string"))))
                        .build())
                .build();
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("chat").addUserMessage(PROMPT).addFunctionTool(send).build());

        String arguments = completion.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction()
                .function().arguments();
        assertThat(dev.switchboard.core.json.Json.MAPPER.readTree(arguments).get("note").asText()).isEqualTo(PROMPT);
        assertThat(lastUserContent()).doesNotContain("Alice");
    }

    @Test
    void findingsAreReportedInAHeader() {
        HttpResponse<String> response = fixture.post("/v1/chat/completions",
                "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-switchboard-pii")).hasValue("PERSON=2,EMAIL_ADDRESS=1");
    }

    @Test
    void aDetectOnlyTenantsRequestReachesTheUpstreamUnchanged() {
        fixture.createTenant("{\"name\": \"watchers\"}");
        String key = fixture.createKey("{\"tenant\": \"watchers\"}");
        HttpResponse<String> response = fixture.post("/v1/chat/completions",
                "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}", key);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(lastUserContent()).isEqualTo(PROMPT);
        assertThat(response.headers().firstValue("x-switchboard-pii")).hasValue("PERSON=2,EMAIL_ADDRESS=1");
    }

    @Test
    void embeddingsInputIsRedacted() {
        client.embeddings().create(EmbeddingCreateParams.builder().model("embed")
                .input("Notes about Bob Jones").build());

        assertThat(upstream.lastRequestBody().get("input").toString()).contains("Notes about <PERSON>")
                .doesNotContain("Bob");
    }
}
