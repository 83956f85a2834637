package dev.switchboard.sim;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.core.json.Json;
import io.helidon.webserver.CloseConnectionException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writes one completion as server-sent events of {@code chat.completion.chunk} objects:
 * {@code data: {json}\n\n} per event, {@code data: [DONE]\n\n} at the end. Events are buffered
 * until {@link #flush()}. Any failure to write means the client went away and surfaces as
 * {@link ClientGoneException}. Not thread-safe: one stream, one thread.
 */
final class ChunkStream {

    private static final String DATA = "data: ";
    private static final String END_OF_EVENT = "\n\n";

    /** Writes the members of one {@code delta} object. */
    @FunctionalInterface
    private interface Delta {
        void write(JsonGenerator json) throws IOException;
    }

    private final Completion completion;
    private final JsonGenerator json;

    ChunkStream(Completion completion, OutputStream out) {
        this.completion = completion;
        try {
            this.json = Json.MAPPER.getFactory().createGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET); // the response, not the generator, ends the stream
        json.setRootValueSeparator(null);
    }

    /** The opening chunk of a choice: the assistant role, with empty (text) or null (tool call) content. */
    void role(Completion.Choice choice) {
        chunk(choice.index(), delta -> {
            delta.writeStringField("role", "assistant");
            if (choice.toolCall() == null) {
                delta.writeStringField("content", "");
            } else {
                delta.writeNullField("content");
            }
        }, null);
    }

    /** One content token. */
    void content(int index, String piece) {
        chunk(index, delta -> delta.writeStringField("content", piece), null);
    }

    /** The first tool-call chunk: index, id, type and function name, with empty arguments. */
    void toolCallStart(int index, Completion.ToolCall call) {
        chunk(index, delta -> {
            delta.writeArrayFieldStart("tool_calls");
            delta.writeStartObject();
            delta.writeNumberField("index", 0);
            delta.writeStringField("id", call.id());
            delta.writeStringField("type", "function");
            delta.writeObjectFieldStart("function");
            delta.writeStringField("name", call.name());
            delta.writeStringField("arguments", "");
            delta.writeEndObject();
            delta.writeEndObject();
            delta.writeEndArray();
        }, null);
    }

    /** One piece of a tool call's arguments. */
    void toolArguments(int index, String piece) {
        chunk(index, delta -> {
            delta.writeArrayFieldStart("tool_calls");
            delta.writeStartObject();
            delta.writeNumberField("index", 0);
            delta.writeObjectFieldStart("function");
            delta.writeStringField("arguments", piece);
            delta.writeEndObject();
            delta.writeEndObject();
            delta.writeEndArray();
        }, null);
    }

    /** The closing chunk of a choice: an empty delta and the finish reason. */
    void finish(Completion.Choice choice) {
        chunk(choice.index(), delta -> { }, choice.finishReason());
    }

    /** The {@code include_usage} chunk: no choices, the usage of the whole completion. */
    void usage() {
        try {
            json.writeRaw(DATA);
            json.writeStartObject();
            CompletionJson.writeEnvelope(json, completion, "chat.completion.chunk");
            json.writeArrayFieldStart("choices");
            json.writeEndArray();
            CompletionJson.writeUsage(json, completion);
            json.writeEndObject();
            json.writeRaw(END_OF_EVENT);
        } catch (IOException | UncheckedIOException | CloseConnectionException e) {
            throw new ClientGoneException(e);
        }
    }

    /** The terminating {@code data: [DONE]} event. */
    void done() {
        try {
            json.writeRaw(DATA + "[DONE]" + END_OF_EVENT);
        } catch (IOException | UncheckedIOException | CloseConnectionException e) {
            throw new ClientGoneException(e);
        }
    }

    /** Sends everything written so far to the client. */
    void flush() {
        try {
            json.flush();
        } catch (IOException | UncheckedIOException | CloseConnectionException e) {
            throw new ClientGoneException(e);
        }
    }

    private void chunk(int index, Delta delta, String finishReason) {
        try {
            json.writeRaw(DATA);
            json.writeStartObject();
            CompletionJson.writeEnvelope(json, completion, "chat.completion.chunk");
            json.writeArrayFieldStart("choices");
            json.writeStartObject();
            json.writeNumberField("index", index);
            json.writeObjectFieldStart("delta");
            delta.write(json);
            json.writeEndObject();
            json.writeNullField("logprobs");
            json.writeStringField("finish_reason", finishReason);
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            json.writeRaw(END_OF_EVENT);
        } catch (IOException | UncheckedIOException | CloseConnectionException e) {
            throw new ClientGoneException(e);
        }
    }
}
