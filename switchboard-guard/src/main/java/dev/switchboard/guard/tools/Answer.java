package dev.switchboard.guard.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.pipeline.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parts of a chat answer whose shape is checked: per choice, its text content, whether it is a
 * refusal, and its tool calls with their whole arguments — read from a complete answer, or put
 * together from a stream's chunks, where content and arguments arrive in fragments.
 */
record Answer(List<Choice> choices) {

    /** One choice. @param content the text, or null when there is none */
    record Choice(int index, String content, boolean refusal, List<ToolCall> toolCalls) {
    }

    /** One tool call. @param arguments the JSON text of the arguments */
    record ToolCall(String id, String name, String arguments) {
    }

    /** The answer of a non-streaming completion. */
    static Answer ofCompletion(JsonNode completion) {
        List<Choice> choices = new ArrayList<>();
        for (JsonNode choice : completion.path("choices")) {
            JsonNode message = choice.path("message");
            List<ToolCall> calls = new ArrayList<>();
            for (JsonNode call : message.path("tool_calls")) {
                calls.add(new ToolCall(call.path("id").asText(null), call.path("function").path("name").asText(""),
                        call.path("function").path("arguments").asText("")));
            }
            JsonNode content = message.path("content");
            choices.add(new Choice(choice.path("index").asInt(choices.size()),
                    content.isTextual() ? content.textValue() : null, nonEmpty(message.path("refusal")), calls));
        }
        return new Answer(choices);
    }

    /** The answer a stream's chunks add up to. */
    static Answer ofChunks(List<Event> chunks) {
        Map<Integer, Building> byIndex = new TreeMap<>();
        for (Event chunk : chunks) {
            for (JsonNode choice : chunk.json().path("choices")) {
                Building building = byIndex.computeIfAbsent(choice.path("index").asInt(0), i -> new Building());
                JsonNode delta = choice.path("delta");
                if (delta.path("content").isTextual()) {
                    building.content = (building.content == null ? "" : building.content)
                            + delta.get("content").textValue();
                }
                building.refusal |= nonEmpty(delta.path("refusal"));
                for (JsonNode call : delta.path("tool_calls")) {
                    int at = call.path("index").asInt(0);
                    BuildingCall part = building.calls.computeIfAbsent(at, i -> new BuildingCall());
                    if (call.path("id").isTextual()) {
                        part.id = call.get("id").textValue();
                    }
                    JsonNode function = call.path("function");
                    if (function.path("name").isTextual()) {
                        part.name.append(function.get("name").textValue());
                    }
                    if (function.path("arguments").isTextual()) {
                        part.arguments.append(function.get("arguments").textValue());
                    }
                }
            }
        }
        List<Choice> choices = new ArrayList<>();
        byIndex.forEach((index, b) -> {
            List<ToolCall> calls = new ArrayList<>();
            b.calls.values().forEach(c -> calls.add(new ToolCall(c.id, c.name.toString(), c.arguments.toString())));
            choices.add(new Choice(index, b.content, b.refusal, calls));
        });
        return new Answer(choices);
    }

    private static boolean nonEmpty(JsonNode text) {
        return text.isTextual() && !text.textValue().isEmpty();
    }

    private static final class Building {
        String content;
        boolean refusal;
        final Map<Integer, BuildingCall> calls = new TreeMap<>();
    }

    private static final class BuildingCall {
        String id;
        final StringBuilder name = new StringBuilder();
        final StringBuilder arguments = new StringBuilder();
    }
}
