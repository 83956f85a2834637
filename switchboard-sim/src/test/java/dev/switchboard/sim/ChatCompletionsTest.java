package dev.switchboard.sim;

import static dev.switchboard.sim.TestHttp.get;
import static dev.switchboard.sim.TestHttp.json;
import static dev.switchboard.sim.TestHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChatCompletionsTest {

    private static final String HELLO = "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]";
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

    @Test
    void answerHasOpenAiShapeAndSaysItIsSimulated() {
        HttpResponse<String> response = post(sim, "/chat/completions", "{\"model\":\"my-model\"," + HELLO + "}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-switchboard-simulator")).hasValue("true");
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.headers().firstValue("content-length")).isPresent();
        JsonNode body = json(response.body());
        assertThat(body.path("id").asText()).startsWith("chatcmpl-sim-");
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("created").isIntegralNumber()).isTrue();
        assertThat(body.path("model").asText()).isEqualTo("my-model");
        assertThat(body.path("system_fingerprint").asText()).isEqualTo("switchboard-simulator");
        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("index").asInt()).isZero();
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
        assertThat(choice.path("logprobs").isNull()).isTrue();
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        String content = choice.path("message").path("content").asText();
        assertThat(content).startsWith("[simulated] ");
        assertThat(content.split(" ")).hasSize(16);
        JsonNode usage = body.path("usage");
        assertThat(usage.path("completion_tokens").asInt()).isEqualTo(16);
        assertThat(usage.path("prompt_tokens").asInt()).isPositive();
        assertThat(usage.path("total_tokens").asInt())
                .isEqualTo(usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt());
    }

    @Test
    void eachOfNChoicesHasItsOwnText() {
        JsonNode choices = chat("\"n\":3," + HELLO).path("choices");

        assertThat(choices).hasSize(3);
        assertThat(choices.get(2).path("index").asInt()).isEqualTo(2);
        assertThat(choices.findValuesAsText("content")).doesNotHaveDuplicates();
    }

    @Test
    void stopSequenceCutsTheTextBeforeItsFirstOccurrence() {
        String full = chat(HELLO).path("choices").get(0).path("message").path("content").asText();
        String stop = full.split(" ")[3];

        JsonNode choice = chat("\"stop\":[\"zzz\",\" " + stop + "\"]," + HELLO).path("choices").get(0);

        assertThat(choice.path("message").path("content").asText()).isEqualTo(full.substring(0, full.indexOf(" " + stop)));
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void maxTokensCapsTheAnswerAndFinishesWithLength() {
        JsonNode body = chat("\"max_completion_tokens\":5," + HELLO);

        assertThat(body.path("choices").get(0).path("finish_reason").asText()).isEqualTo("length");
        assertThat(body.path("choices").get(0).path("message").path("content").asText().split(" ")).hasSize(5);
        assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(5);
    }

    @Test
    void sameSeedAndMessagesGiveTheSameTextAndAnotherSeedAnotherText() {
        String first = chat("\"seed\":7," + HELLO).path("choices").get(0).path("message").path("content").asText();
        String again = chat("\"seed\":7," + HELLO).path("choices").get(0).path("message").path("content").asText();
        String other = chat("\"seed\":8," + HELLO).path("choices").get(0).path("message").path("content").asText();

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void declaredToolIsCalledWithArgumentsValidForItsSchema() {
        JsonNode choice = chat(HELLO + ",\"tools\":[" + WEATHER_TOOL + "]").path("choices").get(0);

        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.path("message").path("content").isNull()).isTrue();
        JsonNode call = choice.path("message").path("tool_calls").get(0);
        assertThat(call.path("id").asText()).startsWith("call_sim_");
        assertThat(call.path("type").asText()).isEqualTo("function");
        assertThat(call.path("function").path("name").asText()).isEqualTo("get_weather");
        JsonNode arguments = json(call.path("function").path("arguments").asText());
        assertThat(arguments.path("city").isTextual()).isTrue();
        assertThat(arguments.path("unit").asText()).isEqualTo("celsius");
        assertThat(arguments.path("days").isIntegralNumber()).isTrue();
        assertThat(arguments.path("days").asInt()).isBetween(1, 7);
    }

    @Test
    void namedToolChoiceCallsThatFunction() {
        JsonNode call = chat(HELLO + ",\"tools\":[" + WEATHER_TOOL + "," + TIME_TOOL + "],"
                + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}")
                .path("choices").get(0).path("message").path("tool_calls").get(0);

        assertThat(call.path("function").path("name").asText()).isEqualTo("get_time");
        assertThat(json(call.path("function").path("arguments").asText()).path("zone").asText()).isNotEmpty();
    }

    @Test
    void toolResultIsAnsweredWithTextAndToolChoiceNoneSuppressesCalls() {
        String afterResult = "\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"},"
                + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"sunny\"}]";

        JsonNode answer = chat(afterResult + ",\"tools\":[" + WEATHER_TOOL + "]").path("choices").get(0);
        JsonNode none = chat(HELLO + ",\"tools\":[" + WEATHER_TOOL + "],\"tool_choice\":\"none\"").path("choices").get(0);

        assertThat(answer.path("finish_reason").asText()).isEqualTo("stop");
        assertThat(answer.path("message").path("content").asText()).startsWith("[simulated]");
        assertThat(none.path("message").has("tool_calls")).isFalse();
    }

    @Test
    void jsonSchemaResponseFormatGivesContentWithTheRequiredProperties() {
        String format = "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"person\",\"strict\":true,"
                + "\"schema\":{\"type\":\"object\",\"required\":[\"name\",\"age\",\"tags\"],\"properties\":{"
                + "\"name\":{\"type\":\"string\"},\"age\":{\"type\":\"integer\",\"minimum\":18},"
                + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}}}";

        String content = chat(HELLO + "," + format).path("choices").get(0).path("message").path("content").asText();

        JsonNode person = json(content);
        assertThat(person.path("name").isTextual()).isTrue();
        assertThat(person.path("age").asInt()).isEqualTo(18);
        assertThat(person.path("tags").isArray()).isTrue();
    }

    @Test
    void jsonObjectResponseFormatGivesAJsonObjectMarkedSimulated() {
        String content = chat(HELLO + ",\"response_format\":{\"type\":\"json_object\"}")
                .path("choices").get(0).path("message").path("content").asText();

        JsonNode object = json(content);
        assertThat(object.path("simulated").asBoolean()).isTrue();
        assertThat(object.path("text").asText()).startsWith("[simulated]");
    }

    @Test
    void malformedJsonIsRejectedWith400InOpenAiErrorShape() {
        HttpResponse<String> response = post(sim, "/chat/completions", "{\"messages\": [");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = json(response.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).contains("not valid JSON");
        assertThat(error.has("param")).isTrue();
        assertThat(error.has("code")).isTrue();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void missingOrInvalidMessagesAreRejectedNamingTheParameter() {
        HttpResponse<String> missing = post(sim, "/chat/completions", "{\"model\":\"sim\"}");
        HttpResponse<String> roleless = post(sim, "/chat/completions", "{\"messages\":[{\"content\":\"hi\"}]}");
        HttpResponse<String> badN = post(sim, "/chat/completions", "{" + HELLO + ",\"n\":0}");

        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json(missing.body()).path("error").path("param").asText()).isEqualTo("messages");
        assertThat(json(roleless.body()).path("error").path("param").asText()).isEqualTo("messages[0].role");
        assertThat(json(badN.body()).path("error").path("param").asText()).isEqualTo("n");
    }

    @Test
    void lastRequestBodyKeepsFieldsTheSimulatorDoesNotKnow() {
        chat(HELLO + ",\"x_custom\":{\"trace\":\"abc\"},\"temperature\":0.2");

        JsonNode last = sim.lastRequestBody();
        assertThat(last.path("x_custom").path("trace").asText()).isEqualTo("abc");
        assertThat(last.path("temperature").asDouble()).isEqualTo(0.2);
    }

    @Test
    void modelsHealthAndUnknownPathsAnswerAsDocumented() {
        JsonNode models = json(get(sim, "/models").body());
        HttpResponse<String> health = get(sim, "//health");
        HttpResponse<String> unknown = get(sim, "/nope");

        assertThat(models.path("object").asText()).isEqualTo("list");
        assertThat(models.path("data").findValuesAsText("id")).containsExactly("sim", "sim-embedding");
        assertThat(models.path("data").get(0).path("owned_by").asText()).isEqualTo("switchboard-simulator");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health.body()).path("simulator").asBoolean()).isTrue();
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("x-switchboard-simulator")).hasValue("true");
        assertThat(json(unknown.body()).path("error").path("type").asText()).isEqualTo("invalid_request_error");
    }

    static final String WEATHER_TOOL = "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"parameters\":{\"type\":\"object\",\"required\":[\"city\",\"unit\",\"days\"],\"properties\":{"
            + "\"city\":{\"type\":\"string\"},\"unit\":{\"type\":\"string\",\"enum\":[\"celsius\",\"fahrenheit\"]},"
            + "\"days\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":7}}}}}";
    static final String TIME_TOOL = "{\"type\":\"function\",\"function\":{\"name\":\"get_time\","
            + "\"parameters\":{\"type\":\"object\",\"required\":[\"zone\"],\"properties\":{"
            + "\"zone\":{\"type\":\"string\",\"minLength\":3}}}}}";
}
