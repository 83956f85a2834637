package dev.switchboard.guard.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.pipeline.Event;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AnswerTest {

    private static List<Event> chunks(String... json) {
        return Stream.of(json).map(j -> Event.ofJson((ObjectNode) ToolFixtures.json(j))).toList();
    }

    @Test
    void interleavedChoicesAndCallsAreAssembledApart() {
        Answer answer = Answer.ofChunks(chunks(
                "{'choices': [{'index': 1, 'delta': {'tool_calls': [{'index': 0, 'id': 'a', 'function': {'name': 'f', 'arguments': '{`x'}},"
                        + " {'index': 1, 'id': 'b', 'function': {'name': 'g', 'arguments': '['}}]}}]}",
                "{'choices': [{'index': 0, 'delta': {'content': 'Hel'}}, {'index': 1, 'delta': {'tool_calls': [{'index': 1,"
                        + " 'function': {'arguments': '1]'}}]}}]}",
                "{'choices': [{'index': 0, 'delta': {'content': 'lo'}}, {'index': 1, 'delta': {'tool_calls': [{'index': 0,"
                        + " 'function': {'arguments': '`: 1}'}}]}}]}",
                "{'choices': [], 'usage': {'prompt_tokens': 1}}"));

        assertThat(answer.choices()).hasSize(2);
        assertThat(answer.choices().get(0).content()).isEqualTo("Hello");
        assertThat(answer.choices().get(0).toolCalls()).isEmpty();
        assertThat(answer.choices().get(1).toolCalls()).containsExactly(
                new Answer.ToolCall("a", "f", "{\"x\": 1}"), new Answer.ToolCall("b", "g", "[1]"));
        assertThat(answer.choices().get(1).content()).isNull();
    }

    @Test
    void aWholeCompletionIsReadAsIs() {
        Answer answer = Answer.ofCompletion(ToolFixtures.json(
                "{'choices': [{'index': 0, 'message': {'content': null, 'refusal': 'No.'}},"
                        + " {'index': 1, 'message': {'content': 'ok', 'tool_calls': [{'id': 'c', 'function': {'name': 'f', 'arguments': '{}'}}]}}]}"));

        assertThat(answer.choices().get(0).refusal()).isTrue();
        assertThat(answer.choices().get(0).content()).isNull();
        assertThat(answer.choices().get(1).toolCalls().get(0).name()).isEqualTo("f");
    }
}
