package dev.switchboard.sim;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Decides whether a chat request is answered with a tool call, and to which function, following
 * OpenAI's rules as far as a simulator can: with tools declared and {@code tool_choice} other
 * than {@code "none"}, the simulator always calls a tool (the named one, else the first), except
 * right after a {@code tool} result message, which it answers with text.
 */
final class ToolChoice {

    private ToolChoice() {
    }

    /** @return the function to call, or null for a text answer */
    static ChatRequest.ToolTarget target(JsonNode body, JsonNode messages) {
        JsonNode tools = body.path("tools");
        if (tools.isMissingNode() || tools.isNull()) {
            return null;
        }
        if (!tools.isArray()) {
            throw new InvalidRequestException("tools", "'tools' must be an array of function tools.");
        }
        for (int i = 0; i < tools.size(); i++) {
            if (!tools.get(i).path("function").path("name").isTextual()) {
                throw new InvalidRequestException("tools[" + i + "].function.name",
                        "Each tool needs a 'function' object with a 'name' string.");
            }
        }
        JsonNode choice = body.path("tool_choice");
        String named = namedFunction(choice);
        if (named != null) {
            return find(tools, named);
        }
        boolean answeringToolResult = "tool".equals(messages.get(messages.size() - 1).path("role").asText());
        if (tools.isEmpty() || "none".equals(choice.asText()) || answeringToolResult) {
            return null;
        }
        return target(tools.get(0));
    }

    /** The function named by {@code {"type":"function","function":{"name":..}}}, else null. */
    private static String namedFunction(JsonNode choice) {
        if (choice.isObject()) {
            JsonNode name = choice.path("function").path("name");
            if (!name.isTextual()) {
                throw new InvalidRequestException("tool_choice",
                        "'tool_choice' must be none, auto, required or {\"type\":\"function\",\"function\":{\"name\":...}}.");
            }
            return name.textValue();
        }
        if (!choice.isMissingNode() && !choice.isNull() && !choice.isTextual()) {
            throw new InvalidRequestException("tool_choice", "'tool_choice' must be a string or an object.");
        }
        return null;
    }

    private static ChatRequest.ToolTarget find(JsonNode tools, String name) {
        for (JsonNode tool : tools) {
            if (name.equals(tool.path("function").path("name").textValue())) {
                return target(tool);
            }
        }
        throw new InvalidRequestException("tool_choice",
                "'tool_choice' names function '" + name + "', which is not among the declared tools.");
    }

    private static ChatRequest.ToolTarget target(JsonNode tool) {
        JsonNode function = tool.path("function");
        return new ChatRequest.ToolTarget(function.path("name").textValue(), function.path("parameters"));
    }
}
