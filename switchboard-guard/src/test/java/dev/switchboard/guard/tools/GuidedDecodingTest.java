package dev.switchboard.guard.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.pipeline.EventStream;
import dev.switchboard.core.pipeline.Operation;
import dev.switchboard.core.spi.Provider;
import dev.switchboard.core.spi.UpstreamRequest;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class GuidedDecodingTest {

    private static ObjectNode request(boolean strict) {
        return (ObjectNode) ToolFixtures.json("{'model': 'm', 'messages': [{'role': 'user', 'content': 'Who?'}],"
                + " 'response_format': {'type': 'json_schema', 'json_schema': {'name': 'person', 'strict': " + strict
                + ", 'schema': {'type': 'object', 'required': ['name']}}}}");
    }

    private static JsonNode sent(String mode, ObjectNode body) {
        AtomicReference<ObjectNode> seen = new AtomicReference<>();
        Provider upstream = request -> {
            seen.set(request.body());
            return EventStream.of(List.of());
        };
        GuidedDecoding.wrap(upstream, mode).open(new UpstreamRequest(Operation.CHAT_COMPLETIONS, "m", body, false,
                "req", null, 0));
        return seen.get();
    }

    @Test
    void responseFormatModeLeavesTheProviderAndTheBodyAlone() {
        Provider upstream = request -> EventStream.of(List.of());
        assertThat(GuidedDecoding.wrap(upstream, "response_format")).isSameAs(upstream);
    }

    @Test
    void strictSchemasGoToVllmsGuidedJson() {
        JsonNode body = sent("guided_json", request(true));

        assertThat(body.has("response_format")).isFalse();
        assertThat(body.at("/guided_json/required/0").asText()).isEqualTo("name");
    }

    @Test
    void strictSchemasGoToVllmsStructuredOutputs() {
        JsonNode body = sent("structured_outputs", request(true));

        assertThat(body.has("response_format")).isFalse();
        assertThat(body.at("/structured_outputs/json/type").asText()).isEqualTo("object");
    }

    @Test
    void nonStrictSchemasAreDescribedToTheModelAndAskedForAsJsonObject() {
        JsonNode body = sent("guided_json", request(false));

        assertThat(body.at("/response_format/type").asText()).isEqualTo("json_object");
        assertThat(body.has("guided_json")).isFalse();
        assertThat(body.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(body.at("/messages/0/content").asText()).contains("(named 'person')").contains("\"required\":[\"name\"]");
    }

    @Test
    void upstreamsWithoutGuidedDecodingGetTheSchemaInTheExistingSystemMessage() {
        ObjectNode request = request(true);
        ((ObjectNode) request.withArray("messages").insertObject(0)).put("role", "system").put("content", "Be brief.");

        JsonNode body = sent("none", request);

        assertThat(body.has("response_format")).isFalse();
        assertThat(body.get("messages")).hasSize(2);
        assertThat(body.at("/messages/0/content").asText()).startsWith("Be brief.\n\nAnswer with only a JSON value");
        assertThat(request.has("response_format")).as("the client's body is not changed").isTrue();
    }

    @Test
    void requestsWithoutAJsonSchemaPassUnchanged() {
        ObjectNode plain = (ObjectNode) ToolFixtures.json("{'model': 'm', 'messages': []}");
        assertThat(sent("none", plain)).isSameAs(plain);
    }
}
