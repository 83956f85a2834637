package dev.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.switchboard.core.json.Json;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every rejection is an OpenAI-shaped error with the right status that names what is wrong. */
class ErrorResponsesTest {

    private static GatewayFixture fixture;

    @BeforeAll
    static void start() {
        fixture = GatewayFixture.start("""
                auth:
                  master_key: ${env:SWITCHBOARD_MASTER_KEY}
                server:
                  max_body_bytes: 64KiB
                  max_messages: 10
                providers:
                  vllm: { type: openai, base_url: "${sim0}" }
                models:
                  - name: chat
                    deployments: [{ provider: vllm, model: m }]
                """, GatewayFixture.simulator());
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void missingKeyIs401WithOpenAisShape() {
        HttpResponse<String> response = fixture.send(HttpRequest.newBuilder(fixture.uri("/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertError(response, 401, "invalid_request_error", "missing_api_key", null);
    }

    @Test
    void wrongKeyIs401ForTheSdk() {
        OpenAIClient wrong = OpenAIOkHttpClient.builder().baseUrl(fixture.gateway.baseUrl())
                .apiKey("sk-wrong-key-0000000000").maxRetries(0).build();

        assertThatThrownBy(() -> wrong.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("chat").addUserMessage("hi").build()))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("Incorrect API key");
    }

    @Test
    void modelsListNeedsAKeyToo() {
        HttpResponse<String> response = fixture.send(HttpRequest.newBuilder(fixture.uri("/v1/models")).build());

        assertError(response, 401, "invalid_request_error", "missing_api_key", null);
    }

    @Test
    void unknownModelIs404NamingTheModel() {
        assertThatThrownBy(() -> fixture.client().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-99").addUserMessage("hi").build()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("gpt-99");
    }

    @Test
    void invalidParameterIs400ForTheSdk() {
        assertThatThrownBy(() -> fixture.client().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("chat").addUserMessage("hi").temperature(7.0).build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("temperature");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}                 | model",
        "{\"model\":\"chat\"}                                                     | messages",
        "{\"model\":\"chat\",\"messages\":\"hi\"}                                 | messages",
        "{\"model\":\"chat\",\"messages\":[{\"content\":\"hi\"}]}                 | messages[0].role",
        "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":42}]}   | messages[0].content",
        "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream\":\"yes\"} | stream",
        "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":0}           | n",
        "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":\"9\"} | max_tokens",
        "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"response_format\":{\"type\":\"yaml\"}} | response_format.type",
        "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"a b\"}}]} | tools[0].function.name",
    })
    void badFieldsAre400NamingTheField(String body, String param) {
        assertError(fixture.post("/v1/chat/completions", body), 400, "invalid_request_error", null, param);
    }

    @Test
    void tooManyMessagesIs400() {
        String messages = "{\"role\":\"user\",\"content\":\"x\"},".repeat(11);
        HttpResponse<String> response = fixture.post("/v1/chat/completions",
                "{\"model\":\"chat\",\"messages\":[" + messages.substring(0, messages.length() - 1) + "]}");

        assertError(response, 400, "invalid_request_error", null, "messages");
        assertThat(message(response)).contains("at most 10");
    }

    @Test
    void malformedJsonIs400WithTheLocation() {
        HttpResponse<String> response = fixture.post("/v1/chat/completions", "{\"model\": \"chat\",\n \"messages\": [}");

        assertError(response, 400, "invalid_request_error", "invalid_json", null);
        assertThat(message(response)).contains("line 2");
    }

    @Test
    void bodyOverTheLimitIs413() {
        String big = "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(70_000) + "\"}]}";

        assertError(fixture.post("/v1/chat/completions", big), 413, "invalid_request_error", "request_too_large", null);
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() {
        assertError(fixture.send(HttpRequest.newBuilder(fixture.uri("/v1/nothing")).build()),
                404, "invalid_request_error", "not_found", null);
        assertError(fixture.send(HttpRequest.newBuilder(fixture.uri("/v1/chat/completions")).build()),
                405, "invalid_request_error", "method_not_allowed", null);
    }

    @Test
    void embeddingsWithoutInputIs400() {
        assertError(fixture.post("/v1/embeddings", "{\"model\":\"chat\"}"), 400, "invalid_request_error", null, "input");
    }

    static void assertError(HttpResponse<String> response, int status, String type, String code, String param) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                contentType -> assertThat(contentType).startsWith("application/json"));
        JsonNode error = json(response).get("error");
        assertThat(error).as(response.body()).isNotNull();
        assertThat(error.get("type").asText()).isEqualTo(type);
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.has("param")).isTrue();
        assertThat(error.has("code")).isTrue();
        if (code != null) {
            assertThat(error.get("code").asText()).isEqualTo(code);
        }
        if (param != null) {
            assertThat(error.get("param").asText()).isEqualTo(param);
        }
    }

    static String message(HttpResponse<String> response) {
        return json(response).get("error").get("message").asText();
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
