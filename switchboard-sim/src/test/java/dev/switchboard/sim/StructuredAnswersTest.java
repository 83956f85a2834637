package dev.switchboard.sim;

import static dev.switchboard.sim.TestHttp.json;
import static dev.switchboard.sim.TestHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scripted invalid structured answers ({@link Simulator#invalidNext}) and vLLM's guided decoding parameters. */
class StructuredAnswersTest {

    private static final String HELLO = "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]";
    private static final String PERSON = "{\"type\":\"object\",\"required\":[\"name\",\"age\"],\"properties\":{"
            + "\"name\":{\"type\":\"string\"},\"age\":{\"type\":\"integer\"}}}";
    private static Simulator sim;

    @BeforeAll
    static void start() {
        sim = Simulator.start(SimulatorConfig.defaults());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static JsonNode chat(String fields) {
        HttpResponse<String> response = post(sim, "/chat/completions", "{" + fields + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    private static JsonNode content(JsonNode answer) {
        return json(answer.at("/choices/0/message/content").asText());
    }

    @Test
    void theNextStructuredAnswersBreakTheirSchemaThenAnswersAreValidAgain() {
        String format = ",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"p\",\"schema\":"
                + PERSON + "}}";
        sim.invalidNext(1);

        JsonNode text = chat(HELLO);
        JsonNode broken = content(chat(HELLO + format));
        JsonNode valid = content(chat(HELLO + format));

        assertThat(text.at("/choices/0/message/content").asText()).as("text answers do not consume it")
                .startsWith("[simulated]");
        assertThat(broken.has("name")).as("the first required property is left out").isFalse();
        assertThat(valid.has("name")).isTrue();
        assertThat(valid.path("age").isIntegralNumber()).isTrue();
    }

    @Test
    void brokenToolArgumentsLeaveOutARequiredProperty() {
        sim.invalidNext(1);
        JsonNode answer = chat(HELLO + ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"who\","
                + "\"parameters\":" + PERSON + "}}]");

        JsonNode arguments = json(answer.at("/choices/0/message/tool_calls/0/function/arguments").asText());
        assertThat(arguments.has("name")).isFalse();
        assertThat(arguments.has("age")).isTrue();
    }

    @Test
    void vllmGuidedJsonAndStructuredOutputsAreHonouredLikeAJsonSchema() {
        JsonNode guided = content(chat(HELLO + ",\"guided_json\":" + PERSON));
        JsonNode structured = content(chat(HELLO + ",\"structured_outputs\":{\"json\":" + PERSON + "}"));

        assertThat(guided.path("age").isIntegralNumber()).isTrue();
        assertThat(structured.path("name").isTextual()).isTrue();
    }

    @Test
    void invalidValuesBreakSchemasWithoutRequiredProperties() {
        assertThat(SchemaInstance.invalid(json("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}"))
                .path("a").isNumber()).isTrue();
        assertThat(SchemaInstance.invalid(json("{\"type\":\"string\"}")).isNumber()).isTrue();
        assertThat(SchemaInstance.invalid(json("{\"type\":\"object\"}")).isArray()).isTrue();
        assertThat(SchemaInstance.invalid(json("{\"type\":\"integer\"}")).isTextual()).isTrue();
    }
}
