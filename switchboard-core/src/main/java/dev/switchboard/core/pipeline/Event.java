package dev.switchboard.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One JSON payload of a response: a chat completion chunk when streaming; the whole completion (or
 * embeddings list) otherwise.
 *
 * <p>Events travel as the bytes the upstream sent and are parsed only when an interceptor asks for
 * {@link #json()}, so that a gateway that merely relays pays nothing for parsing. An event is
 * immutable once created: to change one, build a new one from a modified copy of its JSON.
 */
public final class Event {

    private final byte[] bytes;
    private ObjectNode json;

    private Event(byte[] bytes, ObjectNode json) {
        this.bytes = bytes;
        this.json = json;
    }

    /** An event of UTF-8 JSON bytes, which must hold one JSON object; not copied. */
    public static Event ofBytes(byte[] bytes) {
        return new Event(bytes, null);
    }

    /** An event of a JSON object; the object must not be changed afterwards. */
    public static Event ofJson(ObjectNode json) {
        return new Event(Json.bytes(json), json);
    }

    /** The UTF-8 JSON bytes; callers must not modify the array. */
    public byte[] bytes() {
        return bytes;
    }

    /**
     * The payload as a JSON object, parsed on first call. Callers must not modify it.
     *
     * @throws UncheckedIOException if the payload is not a JSON object
     */
    public ObjectNode json() {
        ObjectNode parsed = json;
        if (parsed == null) {
            try {
                JsonNode node = Json.parse(bytes);
                if (!(node instanceof ObjectNode object)) {
                    throw new IOException("expected a JSON object, got " + node.getNodeType());
                }
                json = parsed = object;
            } catch (IOException e) {
                throw new UncheckedIOException("event is not a JSON object", e);
            }
        }
        return parsed;
    }

    @Override
    public String toString() {
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
