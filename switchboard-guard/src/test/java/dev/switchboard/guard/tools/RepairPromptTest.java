package dev.switchboard.guard.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.guard.schema.SchemaViolation;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepairPromptTest {

    private static final ObjectNode REQUEST = (ObjectNode) ToolFixtures.json(
            "{'model': 'm', 'messages': [{'role': 'user', 'content': 'Book it'}], 'tools': []}");

    @Test
    void everyCallGetsAResultTheInvalidOneWithItsViolations() {
        Answer.Choice choice = new Answer.Choice(0, null, false, List.of(
                new Answer.ToolCall("c1", "search", "{\"q\": \"x\"}"),
                new Answer.ToolCall(null, "book", "{\"seat\": 99}")));
        Finding finding = new Finding(choice, "book", 1, List.of(new SchemaViolation("$.seat", "must be <= 40, got 99")));

        JsonNode body = RepairPrompt.body(REQUEST, List.of(finding), null);
        JsonNode messages = body.get("messages");

        assertThat(messages).hasSize(4);
        assertThat(messages.at("/1/tool_calls/1/id").asText()).isEqualTo("call_repair_1");
        assertThat(messages.at("/2/tool_call_id").asText()).isEqualTo("c1");
        assertThat(messages.at("/2/content").asText()).startsWith("Not run");
        assertThat(messages.at("/3/tool_call_id").asText()).isEqualTo("call_repair_1");
        assertThat(messages.at("/3/content").asText()).contains("- $.seat: must be <= 40, got 99");
        assertThat(REQUEST.get("messages")).as("the request itself is not changed").hasSize(1);
    }

    @Test
    void aLongBrokenAnswerIsCutWhenEchoed() {
        String huge = "x".repeat(RepairPrompt.MAX_ECHO_CHARS * 2);
        Answer.Choice choice = new Answer.Choice(0, huge, false, List.of());
        Finding finding = new Finding(choice, null, -1, List.of(new SchemaViolation("$", "is not valid JSON")));

        JsonNode body = RepairPrompt.body(REQUEST, List.of(finding), "report");

        assertThat(body.at("/messages/1/content").asText()).hasSize(RepairPrompt.MAX_ECHO_CHARS + 1);
        assertThat(body.at("/messages/2/content").asText()).contains("JSON schema 'report'");
    }
}
