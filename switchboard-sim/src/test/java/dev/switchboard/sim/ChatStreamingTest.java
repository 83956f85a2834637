package dev.switchboard.sim;

import static dev.switchboard.sim.TestHttp.events;
import static dev.switchboard.sim.TestHttp.json;
import static dev.switchboard.sim.TestHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChatStreamingTest {

    private static final String HELLO = "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]";
    private static Simulator sim;

    @BeforeAll
    static void start() {
        sim = Simulator.start(SimulatorConfig.builder().responseTokens(8).build());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    private static HttpResponse<String> stream(String fields) {
        HttpResponse<String> response = post(sim, "/chat/completions", "{\"stream\":true," + fields + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    @Test
    void streamSendsRoleThenOneTokenPerChunkThenFinishThenDone() {
        HttpResponse<String> response = stream("\"model\":\"m1\"," + HELLO);
        List<JsonNode> chunks = events(response.body());

        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        assertThat(response.headers().firstValue("x-switchboard-simulator")).hasValue("true");
        assertThat(response.body()).endsWith("data: [DONE]\n\n");
        assertThat(chunks).hasSize(1 + 8 + 1);
        JsonNode first = chunks.get(0);
        assertThat(first.path("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(first.path("model").asText()).isEqualTo("m1");
        assertThat(first.path("id").asText()).startsWith("chatcmpl-sim-");
        assertThat(first.path("choices").get(0).path("delta").path("role").asText()).isEqualTo("assistant");
        assertThat(chunks.get(1).path("choices").get(0).path("delta").path("content").asText()).isEqualTo("[simulated]");
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.has("usage")).isFalse());
        assertThat(chunks).extracting(chunk -> chunk.path("id").asText()).containsOnly(first.path("id").asText());
        JsonNode last = chunks.get(chunks.size() - 1).path("choices").get(0);
        assertThat(last.path("delta").isEmpty()).isTrue();
        assertThat(last.path("finish_reason").asText()).isEqualTo("stop");
        assertThat(sim.stats().streamsCompleted()).isPositive();
    }

    @Test
    void includeUsageAddsAFinalChunkWithNoChoicesAndTheUsage() {
        List<JsonNode> chunks = events(stream("\"stream_options\":{\"include_usage\":true}," + HELLO).body());

        JsonNode usageChunk = chunks.get(chunks.size() - 1);
        assertThat(usageChunk.path("choices").isEmpty()).isTrue();
        assertThat(usageChunk.path("usage").path("completion_tokens").asInt()).isEqualTo(8);
        long contentChunks = chunks.stream()
                .filter(chunk -> chunk.path("choices").path(0).path("delta").has("content"))
                .filter(chunk -> !chunk.path("choices").path(0).path("delta").has("role"))
                .count();
        assertThat(contentChunks).isEqualTo(8);
    }

    @Test
    void streamedChoicesReassembleToTheNonStreamingAnswer() {
        JsonNode whole = json(post(sim, "/chat/completions", "{\"n\":2,\"seed\":3," + HELLO + "}").body());
        List<JsonNode> chunks = events(stream("\"n\":2,\"seed\":3," + HELLO).body());

        for (int index = 0; index < 2; index++) {
            StringBuilder text = new StringBuilder();
            for (JsonNode chunk : chunks) {
                JsonNode choice = chunk.path("choices").path(0);
                if (choice.path("index").asInt() == index) {
                    text.append(choice.path("delta").path("content").asText(""));
                }
            }
            assertThat(text.toString())
                    .isEqualTo(whole.path("choices").get(index).path("message").path("content").asText());
        }
    }

    @Test
    void streamedToolCallSendsNameFirstAndArgumentsInSeveralChunks() {
        List<JsonNode> chunks = events(stream(HELLO + ",\"tools\":[" + ChatCompletionsTest.WEATHER_TOOL + "]").body());

        List<JsonNode> calls = chunks.stream()
                .map(chunk -> chunk.path("choices").path(0).path("delta").path("tool_calls").path(0))
                .filter(call -> !call.isMissingNode())
                .toList();
        assertThat(calls.get(0).path("id").asText()).startsWith("call_sim_");
        assertThat(calls.get(0).path("type").asText()).isEqualTo("function");
        assertThat(calls.get(0).path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(calls).allSatisfy(call -> assertThat(call.path("index").asInt()).isZero());
        assertThat(calls.size()).isGreaterThan(3);
        StringBuilder arguments = new StringBuilder();
        calls.forEach(call -> arguments.append(call.path("function").path("arguments").asText("")));
        assertThat(json(arguments.toString()).path("unit").asText()).isEqualTo("celsius");
        assertThat(chunks.get(chunks.size() - 1).path("choices").get(0).path("finish_reason").asText())
                .isEqualTo("tool_calls");
    }

    @Test
    void streamedJsonSchemaContentIsSplitAndReassemblesToValidJson() {
        String format = "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"schema\":"
                + "{\"type\":\"object\",\"required\":[\"answer\"],\"properties\":{\"answer\":{\"type\":\"boolean\"}}}}}";
        List<JsonNode> chunks = events(stream(HELLO + "," + format).body());

        StringBuilder content = new StringBuilder();
        chunks.forEach(chunk -> content.append(chunk.path("choices").path(0).path("delta").path("content").asText("")));
        assertThat(chunks.size()).isGreaterThan(4);
        assertThat(json(content.toString()).path("answer").isBoolean()).isTrue();
    }
}
