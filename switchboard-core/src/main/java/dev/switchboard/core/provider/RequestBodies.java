package dev.switchboard.core.provider;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/** Serializes client bodies for upstreams without copying the tree. */
final class RequestBodies {

    private RequestBodies() {
    }

    /**
     * The body as JSON bytes with {@code model} set to {@code upstreamModel}, every other field as
     * the client sent it (unknown fields included), in the client's order.
     */
    static byte[] withModel(ObjectNode body, String upstreamModel) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = Json.MAPPER.createGenerator(out)) {
            generator.writeStartObject();
            boolean wroteModel = false;
            for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("model")) {
                    generator.writeStringField("model", upstreamModel);
                    wroteModel = true;
                } else {
                    generator.writeFieldName(field.getKey());
                    Json.MAPPER.writeTree(generator, field.getValue());
                }
            }
            if (!wroteModel) {
                generator.writeStringField("model", upstreamModel);
            }
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory does not fail
        }
        return out.toByteArray();
    }
}
