package dev.switchboard.guard.redact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Set;

/**
 * Where personal data sits in OpenAI request bodies, rewritten in place: chat message contents
 * (a string, or the {@code text} of {@code text} parts), the arguments of assistants' earlier tool
 * calls, and embeddings {@code input} (a string or a list of strings; token arrays are left alone).
 */
final class RequestTexts {

    private RequestTexts() {
    }

    /** Redacts the messages of the given roles of a chat completion request. */
    static void chat(ObjectNode body, Set<String> roles, TextRedaction redaction) {
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray()) {
            return;
        }
        for (JsonNode node : messages) {
            if (!(node instanceof ObjectNode message) || !roles.contains(message.path("role").asText(""))) {
                continue;
            }
            JsonNode content = message.get("content");
            if (content != null && content.isTextual()) {
                message.set("content", text(content, redaction));
            } else if (content instanceof ArrayNode parts) {
                for (JsonNode part : parts) {
                    if (part instanceof ObjectNode object && "text".equals(object.path("type").asText())
                            && object.path("text").isTextual()) {
                        object.set("text", text(object.get("text"), redaction));
                    }
                }
            }
            for (JsonNode call : message.path("tool_calls")) {
                if (call.path("function") instanceof ObjectNode function && function.path("arguments").isTextual()) {
                    String arguments = function.get("arguments").textValue();
                    String redacted = redaction.applyInJson(arguments);
                    if (!redacted.equals(arguments)) {
                        function.put("arguments", redacted);
                    }
                }
            }
        }
    }

    /** Redacts the input of an embeddings request. */
    static void embeddings(ObjectNode body, TextRedaction redaction) {
        JsonNode input = body.get("input");
        if (input != null && input.isTextual()) {
            body.set("input", text(input, redaction));
        } else if (input instanceof ArrayNode items) {
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i).isTextual()) {
                    items.set(i, text(items.get(i), redaction));
                }
            }
        }
    }

    private static JsonNode text(JsonNode node, TextRedaction redaction) {
        String original = node.textValue();
        String redacted = redaction.apply(original);
        return redacted.equals(original) ? node : TextNode.valueOf(redacted);
    }
}
