package dev.switchboard.sim;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.switchboard.core.json.Json;
import io.helidon.webserver.CloseConnectionException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes one completion as server-sent events of {@code chat.completion.chunk} objects:
 * {@code data: {json}\n\n} per event, {@code data: [DONE]\n\n} at the end. Events are buffered
 * until {@link #flush()}. Any failure to write means the client went away and surfaces as
 * {@link ClientGoneException}. Not thread-safe: one stream, one thread.
 *
 * <p>Every chunk of a stream repeats the same envelope ({@code id}, {@code created},
 * {@code model}, ...), so it is rendered once per stream and written as raw bytes; the generator
 * only writes the part that changes. This matters when thousands of streams send a chunk per token.
 */
final class ChunkStream {

    private static final SerializedString CHUNK_END = new SerializedString("]}\n\n");
    private static final SerializedString HEARTBEAT = new SerializedString(": waiting for the first token\n\n");
    private static final SerializedString USAGE_START = new SerializedString("],\"usage\":");
    private static final SerializedString USAGE_END = new SerializedString("}\n\n");
    private static final SerializedString DONE = new SerializedString("data: [DONE]\n\n");

    /** Writes the members of one {@code delta} object. */
    @FunctionalInterface
    private interface Delta {
        void write(JsonGenerator json) throws IOException;
    }

    private final Completion completion;
    private final JsonGenerator json;
    /** {@code data: {"id":..,"object":..,"created":..,"model":..,"system_fingerprint":..,"choices":[} */
    private final SerializedString chunkStart;

    ChunkStream(Completion completion, OutputStream out) {
        this.completion = completion;
        try {
            this.json = Json.MAPPER.getFactory().createGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET); // the response, not the generator, ends the stream
        json.setRootValueSeparator(null); // each chunk's choice is written as a root value after the raw envelope
        this.chunkStart = new SerializedString(envelope(completion));
    }

    private static String envelope(Completion completion) {
        ByteSink sink = new ByteSink(256);
        try (JsonGenerator envelope = Json.MAPPER.getFactory().createGenerator(sink)) {
            envelope.writeStartObject();
            CompletionJson.writeEnvelope(envelope, completion, "chat.completion.chunk");
            envelope.writeFieldName("choices");
            envelope.writeStartArray();
            envelope.flush();
            return "data: " + sink.toString(StandardCharsets.UTF_8); // object and array left open for the chunks
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory does not fail
        }
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
            json.writeRaw(chunkStart);
            json.writeRaw(USAGE_START);
            CompletionJson.writeUsageObject(json, completion);
            json.writeRaw(USAGE_END);
        } catch (IOException | UncheckedIOException | CloseConnectionException e) {
            throw new ClientGoneException(e);
        }
    }

    /** Writes and sends the terminating {@code data: [DONE]} event; nothing may be written after it. */
    void done() {
        try {
            json.writeRaw(DONE);
            json.close(); // flushes, and hands the generator's buffers back for reuse
        } catch (IOException | UncheckedIOException | CloseConnectionException e) {
            throw new ClientGoneException(e);
        }
    }

    /**
     * Sends an SSE comment line, which clients ignore: while a stream waits for its first token, it
     * is the only way to find out that the client went away.
     */
    void heartbeat() {
        try {
            json.writeRaw(HEARTBEAT);
            json.flush();
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
            json.writeRaw(chunkStart);
            json.writeStartObject();
            json.writeNumberField("index", index);
            json.writeObjectFieldStart("delta");
            delta.write(json);
            json.writeEndObject();
            json.writeNullField("logprobs");
            json.writeStringField("finish_reason", finishReason);
            json.writeEndObject();
            json.writeRaw(CHUNK_END);
        } catch (IOException | UncheckedIOException | CloseConnectionException e) {
            throw new ClientGoneException(e);
        }
    }
}
