package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import dev.switchboard.core.json.Json;
import dev.switchboard.sim.Simulator;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gateway speaks OpenAI's API as the official SDK expects it, through to a simulated upstream. */
class OpenAiCompatibilityTest {

    private static Simulator upstream;
    private static GatewayFixture fixture;
    private static OpenAIClient client;

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
                    deployments: [{ provider: vllm, model: Qwen/Qwen2.5-7B-Instruct }]
                  - name: embed
                    deployments: [{ provider: vllm, model: bge-m3 }]
                """, upstream);
        client = fixture.client();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static ChatCompletionCreateParams.Builder chat(String text) {
        return ChatCompletionCreateParams.builder().model("chat").addUserMessage(text);
    }

    @Test
    void answersAChatCompletionAndRoutesToTheDeploymentModel() {
        ChatCompletion completion = client.chat().completions().create(chat("Hello").build());

        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().get(0).message().content()).hasValueSatisfying(
                text -> assertThat(text).startsWith("[simulated]"));
        assertThat(completion.usage()).hasValueSatisfying(usage -> assertThat(usage.completionTokens()).isPositive());
        assertThat(upstream.lastRequestBody().get("model").asText()).isEqualTo("Qwen/Qwen2.5-7B-Instruct");
    }

    @Test
    void streamsChunksAndTheUsageChunkWhenAsked() {
        ChatCompletionCreateParams params = chat("Hello")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        StringBuilder text = new StringBuilder();
        long usageChunks;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            List<ChatCompletionChunk> chunks = stream.stream().toList();
            chunks.forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
            usageChunks = chunks.stream().filter(chunk -> chunk.usage().isPresent()).count();
            assertThat(chunks.get(chunks.size() - 1).usage()).isPresent();
        }
        assertThat(text.toString()).startsWith("[simulated]");
        assertThat(usageChunks).isEqualTo(1);
        assertThat(upstream.lastRequestBody().get("stream").asBoolean()).isTrue();
    }

    @Test
    void passesToolsThroughAndReturnsToolCalls() {
        FunctionDefinition weather = FunctionDefinition.builder()
                .name("get_weather")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of(
                                "city", Map.of("type", "string"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                        .build())
                .build();
        ChatCompletion completion = client.chat().completions()
                .create(chat("Weather in Paris?").addFunctionTool(weather).build());

        ChatCompletionMessageToolCall call = completion.choices().get(0).message().toolCalls().orElseThrow().get(0);
        assertThat(call.asFunction().function().name()).isEqualTo("get_weather");
        JsonNode arguments = parse(call.asFunction().function().arguments());
        assertThat(arguments.get("city").isTextual()).isTrue();
        assertThat(completion.choices().get(0).finishReason()).hasToString("tool_calls");
        assertThat(upstream.lastRequestBody().get("tools").get(0).get("function").get("name").asText())
                .isEqualTo("get_weather");
    }

    @Test
    void answersJsonSchemaResponseFormatWithAMatchingObject() {
        ResponseFormatJsonSchema format = ResponseFormatJsonSchema.builder()
                .jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
                        .name("person")
                        .schema(ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of(
                                        "name", Map.of("type", "string"),
                                        "age", Map.of("type", "integer"))))
                                .putAdditionalProperty("required", JsonValue.from(List.of("name", "age")))
                                .build())
                        .strict(true)
                        .build())
                .build();
        ChatCompletion completion = client.chat().completions().create(chat("Who?").responseFormat(format).build());

        JsonNode person = parse(completion.choices().get(0).message().content().orElseThrow());
        assertThat(person.get("name").isTextual()).isTrue();
        assertThat(person.get("age").isIntegralNumber()).isTrue();
        assertThat(upstream.lastRequestBody().at("/response_format/json_schema/strict").asBoolean()).isTrue();
    }

    @Test
    void answersJsonObjectResponseFormatWithAnObject() {
        ChatCompletion completion = client.chat().completions()
                .create(chat("JSON please").responseFormat(ResponseFormatJsonObject.builder().build()).build());

        assertThat(parse(completion.choices().get(0).message().content().orElseThrow()).isObject()).isTrue();
    }

    @Test
    void passesNStopAndSeedThrough() {
        ChatCompletion completion = client.chat().completions()
                .create(chat("Count").n(3).stopOfStrings(List.of("zzz-never")).seed(7).build());

        assertThat(completion.choices()).hasSize(3);
        JsonNode sent = upstream.lastRequestBody();
        assertThat(sent.get("n").asInt()).isEqualTo(3);
        assertThat(sent.get("stop").get(0).asText()).isEqualTo("zzz-never");
        assertThat(sent.get("seed").asLong()).isEqualTo(7);
    }

    @Test
    void sameSeedGivesTheSameAnswerThroughTheGateway() {
        String first = client.chat().completions().create(chat("Repeat").seed(99).build())
                .choices().get(0).message().content().orElseThrow();
        String second = client.chat().completions().create(chat("Repeat").seed(99).build())
                .choices().get(0).message().content().orElseThrow();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void passesUnknownFieldsThroughUntouched() {
        client.chat().completions().create(chat("Hi")
                .putAdditionalBodyProperty("guided_choice", JsonValue.from(List.of("yes", "no")))
                .putAdditionalBodyProperty("top_k", JsonValue.from(20))
                .build());

        JsonNode sent = upstream.lastRequestBody();
        assertThat(sent.get("guided_choice").toString()).isEqualTo("[\"yes\",\"no\"]");
        assertThat(sent.get("top_k").asInt()).isEqualTo(20);
    }

    @Test
    void servesEmbeddingsAsFloatsAndAsBase64() {
        CreateEmbeddingResponse viaSdk = client.embeddings().create(EmbeddingCreateParams.builder()
                .model("embed").input("hello world").dimensions(64).build());
        assertThat(viaSdk.data().get(0).embedding()).hasSize(64);

        HttpResponse<String> floats = fixture.post("/v1/embeddings",
                "{\"model\":\"embed\",\"input\":[\"a\",\"b\"],\"encoding_format\":\"float\"}");
        assertThat(floats.statusCode()).isEqualTo(200);
        assertThat(parse(floats.body()).get("data")).hasSize(2);
        assertThat(upstream.lastRequestBody().get("model").asText()).isEqualTo("bge-m3");
    }

    @Test
    void listsTheConfiguredModels() {
        List<String> ids = client.models().list().data().stream().map(Model::id).collect(Collectors.toList());

        assertThat(ids).containsExactly("chat", "embed");
    }

    @Test
    void echoesTheClientsRequestIdAndNamesTheDeployment() {
        HttpResponse<String> response = fixture.send(HttpRequest.newBuilder(fixture.uri("/v1/chat/completions"))
                .header("authorization", "Bearer " + GatewayFixture.KEY)
                .header("x-request-id", "trace-abc.123")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-request-id")).hasValue("trace-abc.123");
        assertThat(response.headers().firstValue("x-switchboard-deployment")).hasValue("vllm/Qwen/Qwen2.5-7B-Instruct");
        assertThat(response.headers().firstValue("x-switchboard-attempts")).hasValue("1");
    }

    @Test
    void generatesARequestIdWhenTheClientSendsNone() {
        HttpResponse<String> response = fixture.post("/v1/chat/completions",
                "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(response.headers().firstValue("x-request-id").orElseThrow()).matches("req_[0-9a-f]{24}");
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
