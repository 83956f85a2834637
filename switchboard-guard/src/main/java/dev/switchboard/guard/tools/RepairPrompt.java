package dev.switchboard.guard.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The request that re-asks the model after an answer broke its schema: the request as it was, plus
 * the broken answer as the assistant's turn and what was wrong with it — as a user message for
 * content, or as the {@code tool} results of the calls for tool arguments (the shape models are
 * trained to correct calls from). Only the first choice with findings is shown.
 */
final class RepairPrompt {

    /** Longest part of a broken answer echoed back to the model. */
    static final int MAX_ECHO_CHARS = 8_000;
    private static final int MAX_LISTED = 10;

    private RepairPrompt() {
    }

    static ObjectNode body(ObjectNode request, List<Finding> findings, String responseName) {
        ObjectNode body = request.deepCopy();
        ArrayNode messages = body.withArray("messages");
        Answer.Choice choice = findings.get(0).choice();
        List<Finding> ofChoice = findings.stream().filter(f -> f.choice() == choice).toList();
        ObjectNode assistant = messages.addObject();
        assistant.put("role", "assistant");
        if (choice.content() != null) {
            assistant.put("content", cut(choice.content()));
        } else {
            assistant.putNull("content");
        }
        if (!choice.toolCalls().isEmpty()) {
            ArrayNode calls = assistant.putArray("tool_calls");
            for (int i = 0; i < choice.toolCalls().size(); i++) {
                Answer.ToolCall call = choice.toolCalls().get(i);
                ObjectNode entry = calls.addObject();
                entry.put("id", callId(call, i));
                entry.put("type", "function");
                entry.putObject("function").put("name", call.name()).put("arguments", cut(call.arguments()));
            }
            for (int i = 0; i < choice.toolCalls().size(); i++) {
                Answer.ToolCall call = choice.toolCalls().get(i);
                Finding finding = forCall(ofChoice, i);
                ObjectNode result = messages.addObject();
                result.put("role", "tool");
                result.put("tool_call_id", callId(call, i));
                result.put("content", finding == null
                        ? "Not run: another tool call in this answer had invalid arguments. Make this call again too."
                        : "Error: the arguments do not match the parameters schema of tool '" + call.name() + "':\n"
                                + finding.list(MAX_LISTED) + "\nCall '" + call.name()
                                + "' again with arguments that match its schema.");
            }
        }
        Finding content = ofChoice.stream().filter(Finding::aboutContent).findFirst().orElse(null);
        if (content != null) {
            ObjectNode user = messages.addObject();
            user.put("role", "user");
            user.put("content", "Your answer does not match the JSON schema" + (responseName == null ? ""
                    : " '" + responseName + "'") + " required by the response format:\n" + content.list(MAX_LISTED)
                    + "\nAnswer again with only a JSON value that matches the schema, and no other text.");
        }
        return body;
    }

    private static Finding forCall(List<Finding> findings, int callIndex) {
        for (Finding finding : findings) {
            if (finding.callIndex() == callIndex) {
                return finding;
            }
        }
        return null;
    }

    private static String callId(Answer.ToolCall call, int index) {
        return call.id() != null && !call.id().isEmpty() ? call.id() : "call_repair_" + index;
    }

    private static String cut(String text) {
        return text.length() <= MAX_ECHO_CHARS ? text : text.substring(0, MAX_ECHO_CHARS) + "…";
    }
}
