package dev.switchboard.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.pipeline.Event;

/** Facts about OpenAI chat completion chunks that the gateway acts on. */
public final class ChatChunks {

    private ChatChunks() {
    }

    /**
     * True when a streamed chunk carries part of the answer — content, a refusal, a tool call, a
     * finish reason or the final usage — rather than only preliminaries such as the assistant role
     * with empty content, which servers send before the first token.
     */
    public static boolean carriesOutput(Event chunk) {
        JsonNode json = chunk.json();
        if (json.hasNonNull("usage")) {
            return true;
        }
        for (JsonNode choice : json.path("choices")) {
            if (choice.hasNonNull("finish_reason")) {
                return true;
            }
            JsonNode delta = choice.path("delta");
            if (nonEmpty(delta.get("content")) || nonEmpty(delta.get("refusal")) || nonEmpty(delta.get("reasoning_content"))
                    || delta.hasNonNull("tool_calls") || delta.hasNonNull("function_call")) {
                return true;
            }
        }
        return false;
    }

    private static boolean nonEmpty(JsonNode text) {
        return text != null && text.isTextual() && !text.textValue().isEmpty();
    }
}
