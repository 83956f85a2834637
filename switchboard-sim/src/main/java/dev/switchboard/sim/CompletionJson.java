package dev.switchboard.sim;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes a {@link Completion} as OpenAI's non-streaming {@code chat.completion} object, and the
 * fields it shares with streamed chunks. Stateless and thread-safe.
 */
final class CompletionJson {

    private CompletionJson() {
    }

    /** The whole {@code chat.completion} body. */
    static ByteSink body(Completion completion) {
        ByteSink sink = new ByteSink(512 + 64 * completion.completionTokens());
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(sink)) {
            json.writeStartObject();
            writeEnvelope(json, completion, "chat.completion");
            json.writeArrayFieldStart("choices");
            for (Completion.Choice choice : completion.choices()) {
                writeChoice(json, choice);
            }
            json.writeEndArray();
            writeUsage(json, completion);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory does not fail
        }
        return sink;
    }

    /** {@code id, object, created, model, system_fingerprint}. */
    static void writeEnvelope(JsonGenerator json, Completion completion, String object) throws IOException {
        json.writeStringField("id", completion.id());
        json.writeStringField("object", object);
        json.writeNumberField("created", completion.created());
        json.writeStringField("model", completion.model());
        json.writeStringField("system_fingerprint", Completion.SYSTEM_FINGERPRINT);
    }

    /** {@code "usage":{prompt_tokens, completion_tokens, total_tokens}}. */
    static void writeUsage(JsonGenerator json, Completion completion) throws IOException {
        json.writeFieldName("usage");
        writeUsageObject(json, completion);
    }

    /**
     * {@code {prompt_tokens, completion_tokens, total_tokens}}, with {@code prompt_tokens_details}
     * and {@code completion_tokens_details} when cached or reasoning tokens are simulated.
     */
    static void writeUsageObject(JsonGenerator json, Completion completion) throws IOException {
        int completionTokens = completion.completionTokens();
        json.writeStartObject();
        json.writeNumberField("prompt_tokens", completion.promptTokens());
        json.writeNumberField("completion_tokens", completionTokens);
        json.writeNumberField("total_tokens", completion.promptTokens() + completionTokens);
        if (completion.cachedTokens() > 0) {
            json.writeObjectFieldStart("prompt_tokens_details");
            json.writeNumberField("cached_tokens", completion.cachedTokens());
            json.writeEndObject();
        }
        if (completion.reasoningTokens() > 0) {
            json.writeObjectFieldStart("completion_tokens_details");
            json.writeNumberField("reasoning_tokens", completion.reasoningTokens());
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private static void writeChoice(JsonGenerator json, Completion.Choice choice) throws IOException {
        json.writeStartObject();
        json.writeNumberField("index", choice.index());
        json.writeObjectFieldStart("message");
        json.writeStringField("role", "assistant");
        json.writeStringField("content", choice.content());
        json.writeNullField("refusal");
        Completion.ToolCall call = choice.toolCall();
        if (call != null) {
            json.writeArrayFieldStart("tool_calls");
            json.writeStartObject();
            json.writeStringField("id", call.id());
            json.writeStringField("type", "function");
            json.writeObjectFieldStart("function");
            json.writeStringField("name", call.name());
            json.writeStringField("arguments", call.arguments());
            json.writeEndObject();
            json.writeEndObject();
            json.writeEndArray();
        }
        json.writeEndObject();
        json.writeNullField("logprobs");
        json.writeStringField("finish_reason", choice.finishReason());
        json.writeEndObject();
    }
}
