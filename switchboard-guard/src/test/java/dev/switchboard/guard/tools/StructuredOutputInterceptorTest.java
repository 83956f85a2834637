package dev.switchboard.guard.tools;

import static dev.switchboard.guard.tools.ToolFixtures.completion;
import static dev.switchboard.guard.tools.ToolFixtures.events;
import static dev.switchboard.guard.tools.ToolFixtures.toolCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.accounting.AccountingInterceptor;
import dev.switchboard.core.accounting.Usage;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.config.ToolsConfig.OnInvalid;
import dev.switchboard.core.pipeline.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

class StructuredOutputInterceptorTest {

    private static final String PERSON = """
            {'model': 'm', 'messages': [{'role': 'user', 'content': 'Who?'}],
             'response_format': {'type': 'json_schema', 'json_schema': {'name': 'person', 'strict': true,
               'schema': {'type': 'object', 'properties': {'name': {'type': 'string'}, 'age': {'type': 'integer'}},
                          'required': ['name', 'age'], 'additionalProperties': false}}}}""";

    private static final String WEATHER_TOOL = """
            {'model': 'm', 'messages': [{'role': 'user', 'content': 'Weather in Oslo?'}],
             'tools': [{'type': 'function', 'function': {'name': 'get_weather', 'parameters': {'type': 'object',
               'properties': {'city': {'type': 'string'}}, 'required': ['city']}}}]%s}""";

    private static ToolPolicy policy(OnInvalid arguments, OnInvalid response, int maxRepairs) {
        return new ToolPolicy(List.of("*"), List.of(), arguments, response, maxRepairs);
    }

    private static String content(Response response) {
        return events(response).get(0).at("/choices/0/message/content").asText();
    }

    @Test
    void aValidAnswerPassesWithoutReasking() {
        ToolFixtures upstream = new ToolFixtures(ToolPolicy.permissive())
                .thenAnswer(completion("{'name': 'Ada', 'age': 36}", 10, 5));

        Response response = upstream.run(PERSON);

        assertThat(content(response)).isEqualTo("{\"name\": \"Ada\", \"age\": 36}");
        assertThat(response.headers()).doesNotContainKey(StructuredOutputInterceptor.REPAIRS_HEADER);
        assertThat(upstream.requests).hasSize(1);
    }

    @Test
    void anInvalidAnswerIsReaskedWithItsViolationsAndTheUsageOfBothAttemptsIsReported() {
        ToolFixtures upstream = new ToolFixtures(ToolPolicy.permissive())
                .thenAnswer(completion("{'name': 'Ada', 'age': 'thirty-six'}", 10, 5))
                .thenAnswer(completion("{'name': 'Ada', 'age': 36}", 40, 6));

        Response response = upstream.run(PERSON);
        List<JsonNode> events = events(response);

        assertThat(events.get(0).at("/choices/0/message/content").asText()).isEqualTo("{\"name\": \"Ada\", \"age\": 36}");
        assertThat(response.headers()).containsEntry(StructuredOutputInterceptor.REPAIRS_HEADER, "1");
        assertThat(events.get(0).at("/usage/prompt_tokens").asLong()).isEqualTo(50);
        assertThat(events.get(0).at("/usage/total_tokens").asLong()).isEqualTo(61);
        JsonNode messages = upstream.requests.get(1).get("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(1).get("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(1).get("content").asText()).contains("thirty-six");
        assertThat(messages.get(2).get("content").asText())
                .contains("JSON schema 'person'")
                .contains("- $.age: expected integer, got string \"thirty-six\"");
        assertThat(upstream.requests.get(1).get("response_format")).isEqualTo(upstream.requests.get(0).get("response_format"));
    }

    @Test
    void anAnswerStillInvalidAfterTheLastRepairIsAClearErrorNeverTheAnswer() {
        ToolFixtures upstream = new ToolFixtures(policy(OnInvalid.REPAIR, OnInvalid.REPAIR, 2))
                .thenAnswer(completion("not json", 1, 1))
                .thenAnswer(completion("{'name': 'Ada'}", 1, 1))
                .thenAnswer(completion("{'name': 'Ada'}", 1, 1));

        ApiException e = catchThrowableOfType(ApiException.class, () -> upstream.run(PERSON));

        assertThat(upstream.requests).hasSize(3);
        assertThat(upstream.exchange.get(AccountingInterceptor.SPENT_BEFORE_FAILURE))
                .as("the refused answers are still accounted").isEqualTo(new Usage(3, 0, 3, 0, false));
        assertThat(e.error().status()).isEqualTo(502);
        assertThat(e.error().code()).isEqualTo("invalid_structured_output");
        assertThat(e.error().message()).isEqualTo("The model's answer does not match the response_format schema"
                + " 'person' after 3 attempts: $: missing required property 'age'. The invalid answer was not"
                + " returned; retry, or simplify the schema.");
    }

    @Test
    void theErrorPolicyFailsAtTheFirstInvalidAnswer() {
        ToolFixtures upstream = new ToolFixtures(policy(OnInvalid.REPAIR, OnInvalid.ERROR, 2))
                .thenAnswer(completion("[]", 1, 1));

        ApiException e = catchThrowableOfType(ApiException.class, () -> upstream.run(PERSON));

        assertThat(upstream.requests).hasSize(1);
        assertThat(e.error().message()).contains("schema 'person': $: expected object, got an array");
    }

    @Test
    void invalidToolArgumentsAreReaskedAsAToolResult() {
        ToolFixtures upstream = new ToolFixtures(ToolPolicy.permissive())
                .thenAnswer(toolCall("get_weather", "{'town': 'Oslo'}"))
                .thenAnswer(toolCall("get_weather", "{'city': 'Oslo'}"));

        Response response = upstream.run(WEATHER_TOOL.formatted(""));

        JsonNode call = events(response).get(0).at("/choices/0/message/tool_calls/0/function");
        assertThat(call.get("arguments").asText()).isEqualTo("{\"city\": \"Oslo\"}");
        JsonNode messages = upstream.requests.get(1).get("messages");
        assertThat(messages.get(1).at("/tool_calls/0/id").asText()).isEqualTo("call_1");
        assertThat(messages.get(2).get("role").asText()).isEqualTo("tool");
        assertThat(messages.get(2).get("tool_call_id").asText()).isEqualTo("call_1");
        assertThat(messages.get(2).get("content").asText()).contains("tool 'get_weather'")
                .contains("- $: missing required property 'city'");
    }

    @Test
    void callsOfUndeclaredToolsAreFindings() {
        ToolFixtures upstream = new ToolFixtures(policy(OnInvalid.ERROR, OnInvalid.REPAIR, 2))
                .thenAnswer(toolCall("delete_everything", "{}"));

        ApiException e = catchThrowableOfType(ApiException.class, () -> upstream.run(WEATHER_TOOL.formatted("")));

        assertThat(e.error().code()).isEqualTo("invalid_tool_arguments");
        assertThat(e.error().message()).contains("tool 'delete_everything' was not declared in the request");
    }

    @Test
    void toolArgumentsAreNotCheckedWhenThePolicyIsOff() {
        ToolFixtures upstream = new ToolFixtures(policy(OnInvalid.OFF, OnInvalid.REPAIR, 2))
                .thenAnswer(toolCall("get_weather", "{'town': 'Oslo'}"));

        assertThat(events(upstream.run(WEATHER_TOOL.formatted(""))).get(0).toString()).contains("town");
    }

    @Test
    void streamedArgumentsArriveInFragmentsAndAreCheckedWhole() {
        ToolFixtures upstream = new ToolFixtures(ToolPolicy.permissive())
                .thenStream("{'choices': [{'index': 0, 'delta': {'role': 'assistant', 'tool_calls': [{'index': 0,"
                                + " 'id': 'call_9', 'type': 'function', 'function': {'name': 'get_weather', 'arguments': ''}}]}}]}",
                        "{'choices': [{'index': 0, 'delta': {'tool_calls': [{'index': 0, 'function': {'arguments': '{`ci'}}]}}]}",
                        "{'choices': [{'index': 0, 'delta': {'tool_calls': [{'index': 0, 'function': {'arguments': 'ty`: 4}'}}]}}]}",
                        "{'choices': [{'index': 0, 'delta': {}, 'finish_reason': 'tool_calls'}]}")
                .thenStream("{'choices': [{'index': 0, 'delta': {'role': 'assistant', 'tool_calls': [{'index': 0,"
                                + " 'id': 'call_10', 'type': 'function', 'function': {'name': 'get_weather', 'arguments': '{`city'}}]}}]}",
                        "{'choices': [{'index': 0, 'delta': {'tool_calls': [{'index': 0, 'function': {'arguments': '`: `Oslo`}'}}]}}]}",
                        "{'choices': [{'index': 0, 'delta': {}, 'finish_reason': 'tool_calls'}]}",
                        "{'choices': [], 'usage': {'prompt_tokens': 7, 'completion_tokens': 3, 'total_tokens': 10}}");

        Response response = upstream.run(WEATHER_TOOL.formatted(", 'stream': true"));
        List<JsonNode> events = events(response);

        assertThat(upstream.requests).hasSize(2);
        assertThat(upstream.requests.get(1).at("/messages/2/content").asText())
                .contains("$.city: expected string, got integer 4");
        assertThat(events).hasSize(4);
        assertThat(events.get(0).at("/choices/0/delta/tool_calls/0/id").asText()).isEqualTo("call_10");
        assertThat(Answer.ofChunks(events.stream().map(j -> dev.switchboard.core.pipeline.Event.ofJson(
                (com.fasterxml.jackson.databind.node.ObjectNode) j)).toList()).choices().get(0).toolCalls().get(0)
                .arguments()).isEqualTo("{\"city\": \"Oslo\"}");
    }

    @Test
    void streamedTextPassesAtOnceWhenOnlyToolsAreChecked() {
        ToolFixtures upstream = new ToolFixtures(ToolPolicy.permissive())
                .thenStream("{'choices': [{'index': 0, 'delta': {'role': 'assistant', 'content': 'It is'}}]}",
                        "{'choices': [{'index': 0, 'delta': {'content': ' sunny.'}}]}",
                        "{'choices': [{'index': 0, 'delta': {}, 'finish_reason': 'stop'}]}");

        Response response = upstream.run(WEATHER_TOOL.formatted(", 'stream': true"));

        assertThat(response.events().next().json().at("/choices/0/delta/content").asText()).isEqualTo("It is");
        assertThat(upstream.eventsRead).as("nothing was read ahead").isEqualTo(1);
    }

    @Test
    void invalidToolCallsAfterStreamedTextEndTheStreamWithAnError() {
        ToolFixtures upstream = new ToolFixtures(ToolPolicy.permissive())
                .thenStream("{'choices': [{'index': 0, 'delta': {'role': 'assistant', 'content': 'Checking.'}}]}",
                        "{'choices': [{'index': 0, 'delta': {'tool_calls': [{'index': 0, 'id': 'c', 'type': 'function',"
                                + " 'function': {'name': 'get_weather', 'arguments': '{}'}}]}}]}",
                        "{'choices': [{'index': 0, 'delta': {}, 'finish_reason': 'tool_calls'}]}");

        Response response = upstream.run(WEATHER_TOOL.formatted(", 'stream': true"));
        assertThat(response.events().next().json().at("/choices/0/delta/content").asText()).isEqualTo("Checking.");
        ApiException e = catchThrowableOfType(ApiException.class, () -> response.events().next());

        assertThat(e.error().code()).isEqualTo("invalid_tool_arguments");
        assertThat(upstream.requests).as("text was sent: no silent repair").hasSize(1);
    }

    @Test
    void aRefusalHasNoContentToCheck() {
        ToolFixtures upstream = new ToolFixtures(ToolPolicy.permissive()).thenAnswer("""
                {'choices': [{'index': 0, 'message': {'role': 'assistant', 'content': null,
                  'refusal': 'I cannot help with that.'}}]}""");

        assertThat(events(upstream.run(PERSON)).get(0).at("/choices/0/message/refusal").asText())
                .isEqualTo("I cannot help with that.");
    }

    @Test
    void everyChoiceMustMatch() {
        ToolFixtures upstream = new ToolFixtures(policy(OnInvalid.REPAIR, OnInvalid.ERROR, 0)).thenAnswer("""
                {'choices': [{'index': 0, 'message': {'content': '{`name`: `a`, `age`: 1}'}},
                             {'index': 1, 'message': {'content': '{}'}}]}""");

        ApiException e = catchThrowableOfType(ApiException.class, () -> upstream.run(PERSON));

        assertThat(e.error().message()).contains("missing required property 'name'");
    }

    @Test
    void requestsWithNothingToCheckAreNotHeld() {
        ToolFixtures upstream = new ToolFixtures(ToolPolicy.permissive()).thenAnswer(completion("plain text", 1, 1));

        Response response = upstream.run("{'model': 'm', 'messages': [{'role': 'user', 'content': 'hi'}]}");

        assertThat(content(response)).isEqualTo("plain text");
    }
}
