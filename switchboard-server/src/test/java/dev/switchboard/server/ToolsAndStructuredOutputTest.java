package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.OpenAIServiceException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionNamedToolChoice;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import dev.switchboard.core.json.Json;
import dev.switchboard.sim.Simulator;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tool policies and schema-checked answers through the real gateway, with the official OpenAI SDK:
 * tools a tenant may not use are refused by name; answers that break their schema (the simulator's
 * {@code invalidNext}) are re-asked and come back valid, or end in a clear error, streamed or not.
 */
class ToolsAndStructuredOutputTest {

    private static Simulator upstream;
    private static Simulator vllm;
    private static GatewayFixture fixture;
    private static OpenAIClient client;
    /** A key of tenant weather-app: only get_weather, and no repairs of response formats. */
    private static String weatherKey;

    @BeforeAll
    static void start() {
        upstream = GatewayFixture.simulator();
        vllm = GatewayFixture.simulator();
        fixture = GatewayFixture.start("""
                auth:
                  master_key: ${env:SWITCHBOARD_MASTER_KEY}
                providers:
                  openai-like: { type: openai, base_url: "${sim0}" }
                  vllm: { type: openai, base_url: "${sim1}", guided_decoding: guided_json }
                models:
                  - name: chat
                    deployments: [{ provider: openai-like, model: gpt-4o-mini }]
                  - name: qwen
                    deployments: [{ provider: vllm, model: Qwen/Qwen2.5-7B-Instruct }]
                tools:
                  deny: [run_shell]
                  max_repairs: 2
                  tenants:
                    weather-app: { allow: [get_weather], on_invalid_response: error }
                """, upstream, vllm);
        client = fixture.client();
        fixture.createTenant("{\"name\": \"weather-app\"}");
        weatherKey = fixture.createKey("{\"tenant\": \"weather-app\"}");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static final Map<String, Object> PERSON = Map.of(
            "type", "object",
            "properties", Map.of("name", Map.of("type", "string"), "age", Map.of("type", "integer", "minimum", 0)),
            "required", List.of("name", "age"),
            "additionalProperties", false);

    private static ResponseFormatJsonSchema person(boolean strict) {
        ResponseFormatJsonSchema.JsonSchema.Schema.Builder schema = ResponseFormatJsonSchema.JsonSchema.Schema.builder();
        PERSON.forEach((key, value) -> schema.putAdditionalProperty(key, JsonValue.from(value)));
        return ResponseFormatJsonSchema.builder().jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
                .name("person").schema(schema.build()).strict(strict).build()).build();
    }

    private static FunctionDefinition tool(String name) {
        return FunctionDefinition.builder().name(name).parameters(FunctionParameters.builder()
                .putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                .build()).build();
    }

    private static ChatCompletionToolChoiceOption getWeather() {
        return ChatCompletionToolChoiceOption.ofNamedToolChoice(ChatCompletionNamedToolChoice.builder()
                .function(ChatCompletionNamedToolChoice.Function.builder().name("get_weather").build()).build());
    }

    private static ChatCompletionCreateParams.Builder chat(String model, String text) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage(text);
    }

    private static JsonNode parse(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(text, e);
        }
    }

    private static void assertValidPerson(String content) {
        JsonNode person = parse(content);
        assertThat(person.get("name").isTextual()).as(content).isTrue();
        assertThat(person.get("age").isIntegralNumber()).as(content).isTrue();
    }

    @Test
    void aToolTheTenantMayNotUseIsRejectedByName() {
        String key = weatherKey;
        long before = upstream.stats().chatRequests();

        assertThatThrownBy(() -> fixture.client(key).chat().completions().create(chat("chat", "Hi")
                .addFunctionTool(tool("get_weather")).addFunctionTool(tool("send_email")).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("Tool 'send_email' is not allowed: this key may use only get_weather");
                });
        ChatCompletion allowed = fixture.client(key).chat().completions().create(chat("chat", "Hi")
                .addFunctionTool(tool("get_weather")).build());

        assertThat(allowed.choices().get(0).message().toolCalls()).isPresent();
        assertThat(upstream.stats().chatRequests()).as("only the allowed request reached the model")
                .isEqualTo(before + 1);
    }

    @Test
    void theSectionsDenyListAppliesToTheMasterKeyWithTheErrorShape() {
        HttpResponse<String> response = fixture.post("/v1/chat/completions", """
                {"model": "chat", "messages": [{"role": "user", "content": "hi"}],
                 "tools": [{"type": "function", "function": {"name": "run_shell"}}]}""");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = parse(response.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("tool_not_allowed");
        assertThat(error.get("param").asText()).isEqualTo("tools[0].function.name");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void aToolWithAnInvalidSchemaIsRejectedNamingTheProblem() {
        HttpResponse<String> response = fixture.post("/v1/chat/completions", """
                {"model": "chat", "messages": [{"role": "user", "content": "hi"}],
                 "tools": [{"type": "function", "function": {"name": "lookup", "parameters":
                   {"type": "object", "properties": {"q": {"$ref": "#/$defs/Query"}}}}}]}""");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = parse(response.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("invalid_schema");
        assertThat(error.get("param").asText()).isEqualTo("tools[0].function.parameters");
        assertThat(error.get("message").asText()).contains("tool 'lookup'")
                .contains("'#/$defs/Query' points nowhere in this schema");
    }

    @Test
    void hostileSchemasAreRefusedWithA400NeverA500() {
        String deep = "{\"type\": \"object\", \"properties\": {\"a\": ".repeat(70) + "{}" + "}}".repeat(70);
        String cycle = "{\"$defs\": {\"a\": {\"anyOf\": [{\"$ref\": \"#/$defs/b\"}]}, \"b\": {\"$ref\": \"#/$defs/a\"}},"
                + " \"$ref\": \"#/$defs/a\"}";
        String lookaround = "{\"type\": \"string\", \"pattern\": \"^(?!admin).*$\"}";
        for (String schema : List.of(deep, cycle, lookaround)) {
            HttpResponse<String> response = fixture.post("/v1/chat/completions", "{\"model\": \"chat\", \"messages\":"
                    + " [{\"role\": \"user\", \"content\": \"hi\"}], \"response_format\": {\"type\": \"json_schema\","
                    + " \"json_schema\": {\"name\": \"x\", \"schema\": " + schema + "}}}");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(parse(response.body()).at("/error/code").asText()).isEqualTo("invalid_schema");
        }
        HttpResponse<String> tooDeepForJson = fixture.post("/v1/chat/completions", "{\"model\": \"chat\", \"messages\":"
                + " [{\"role\": \"user\", \"content\": \"hi\"}], \"tools\": [{\"type\": \"function\", \"function\":"
                + " {\"name\": \"f\", \"parameters\": " + "{\"items\": ".repeat(300) + "{}" + "}".repeat(300) + "}}]}");
        assertThat(tooDeepForJson.statusCode()).isEqualTo(400);
        assertThat(parse(tooDeepForJson.body()).at("/error/code").asText()).isEqualTo("invalid_json");
    }

    @Test
    void aSchemaValidAnswerIsReturnedAsTheModelGaveIt() {
        HttpResponse<String> response = fixture.post("/v1/chat/completions", """
                {"model": "chat", "messages": [{"role": "user", "content": "Who?"}],
                 "response_format": {"type": "json_schema", "json_schema": {"name": "person", "schema":
                   {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}}}}""");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-switchboard-repairs")).isEmpty();
        assertThat(parse(parse(response.body()).at("/choices/0/message/content").asText()).get("name").isTextual())
                .isTrue();
    }

    @Test
    void anInvalidAnswerIsRepairedAndTheClientOnlySeesTheValidOne() {
        long singleAttempt = client.chat().completions().create(chat("chat", "Who?").responseFormat(person(true))
                .build()).usage().orElseThrow().promptTokens();
        upstream.invalidNext(1);
        long before = upstream.stats().chatRequests();

        ChatCompletion completion = client.chat().completions().create(chat("chat", "Who?")
                .responseFormat(person(true)).build());

        assertValidPerson(completion.choices().get(0).message().content().orElseThrow());
        assertThat(upstream.stats().chatRequests()).isEqualTo(before + 2);
        JsonNode messages = upstream.lastRequestBody().get("messages");
        assertThat(messages.get(messages.size() - 1).get("content").asText())
                .contains("does not match the JSON schema 'person'").contains("missing required property 'name'");
        assertThat(completion.usage().orElseThrow().promptTokens()).as("both attempts are counted")
                .isGreaterThan(2 * singleAttempt);
    }

    @Test
    void anAnswerStillInvalidAfterEveryRepairIsAClearError() {
        upstream.invalidNext(3);
        long before = upstream.stats().chatRequests();

        assertThatThrownBy(() -> client.chat().completions().create(chat("chat", "Who?")
                .responseFormat(person(false)).build()))
                .isInstanceOfSatisfying(OpenAIServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(502);
                    assertThat(e.getMessage()).contains("does not match the response_format schema 'person' after 3"
                            + " attempts").contains("missing required property 'name'");
                });
        assertThat(upstream.stats().chatRequests()).isEqualTo(before + 3);
    }

    @Test
    void theTokensOfRefusedAnswersAreAccountedWithTheFailedRequest() {
        fixture.createTenant("{\"name\": \"billing-check\"}");
        String key = fixture.createKey("{\"tenant\": \"billing-check\"}");
        upstream.invalidNext(3);

        assertThatThrownBy(() -> fixture.client(key).chat().completions().create(chat("chat", "Who?")
                .responseFormat(person(true)).build())).isInstanceOf(OpenAIServiceException.class);

        JsonNode[] total = new JsonNode[1];
        assertThat(GatewayFixture.eventually(java.time.Duration.ofSeconds(5), () -> {
            total[0] = parse(fixture.admin("GET", "/admin/usage?tenant=billing-check&group_by=none", null).body())
                    .get("total");
            return total[0].get("requests").asLong() == 1;
        })).as("the failed request is recorded").isTrue();
        assertThat(total[0].get("input_tokens").asLong()).as("three attempts' prompts").isGreaterThan(0);
        assertThat(total[0].get("output_tokens").asLong()).isGreaterThan(0);
    }

    @Test
    void aTenantWithTheErrorPolicyIsNotReasked() {
        upstream.invalidNext(1);
        long before = upstream.stats().chatRequests();

        assertThatThrownBy(() -> fixture.client(weatherKey).chat().completions().create(chat("chat", "Who?")
                .responseFormat(person(true)).build()))
                .isInstanceOfSatisfying(OpenAIServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(502);
                    assertThat(e.getMessage()).contains("schema 'person': $: missing required property 'name'");
                });
        assertThat(upstream.stats().chatRequests()).isEqualTo(before + 1);
    }

    @Test
    void invalidToolArgumentsAreRepairedThroughAToolResult() {
        upstream.invalidNext(1);
        ChatCompletion completion = client.chat().completions().create(chat("chat", "Weather in Oslo?")
                .addFunctionTool(tool("get_weather"))
                .toolChoice(getWeather())
                .build());

        ChatCompletionMessageToolCall call = completion.choices().get(0).message().toolCalls().orElseThrow().get(0);
        assertThat(parse(call.asFunction().function().arguments()).get("city").isTextual()).isTrue();
        JsonNode messages = upstream.lastRequestBody().get("messages");
        JsonNode toolResult = messages.get(messages.size() - 1);
        assertThat(toolResult.get("role").asText()).isEqualTo("tool");
        assertThat(toolResult.get("content").asText()).contains("missing required property 'city'");
    }

    @Test
    void aStreamedAnswerIsCheckedWholeAndReplayedOnlyOnceValid() {
        upstream.invalidNext(1);
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                chat("chat", "Who?").responseFormat(person(true)).build())) {
            stream.stream().forEach(accumulator::accumulate);
        }

        assertValidPerson(accumulator.chatCompletion().choices().get(0).message().content().orElseThrow());
    }

    @Test
    void aStreamedToolCallIsRepairedBeforeItReachesTheClient() {
        upstream.invalidNext(1);
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                chat("chat", "Weather in Oslo?").addFunctionTool(tool("get_weather")).toolChoice(getWeather()).build())) {
            stream.stream().forEach(accumulator::accumulate);
        }

        ChatCompletionMessageToolCall call = accumulator.chatCompletion().choices().get(0).message().toolCalls()
                .orElseThrow().get(0);
        assertThat(parse(call.asFunction().function().arguments()).get("city").isTextual()).isTrue();
        JsonNode messages = upstream.lastRequestBody().get("messages");
        assertThat(messages.get(messages.size() - 1).get("role").asText()).isEqualTo("tool");
    }

    @Test
    void aStreamThatStaysInvalidEndsInAnErrorBeforeAnyChunk() {
        upstream.invalidNext(3);

        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                    chat("chat", "Who?").responseFormat(person(true)).build())) {
                stream.stream().forEach(chunk -> { });
            }
        }).isInstanceOfSatisfying(OpenAIServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(502));
    }

    @Test
    void strictSchemasReachAVllmUpstreamAsGuidedJson() {
        ChatCompletion completion = client.chat().completions().create(chat("qwen", "Who?")
                .responseFormat(person(true)).build());

        assertValidPerson(completion.choices().get(0).message().content().orElseThrow());
        JsonNode sent = vllm.lastRequestBody();
        assertThat(sent.has("response_format")).isFalse();
        assertThat(sent.at("/guided_json/required/0").asText()).isEqualTo("name");
    }
}
