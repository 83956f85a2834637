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
     * the client sent it (unknown fields included), in the client's order; with
     * {@code askForUsage}, {@code stream_options.include_usage} is set so the upstream reports usage
     * at the end of a stream.
     */
    static byte[] withModel(ObjectNode body, String upstreamModel, boolean askForUsage) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = Json.MAPPER.createGenerator(out)) {
            generator.writeStartObject();
            boolean wroteModel = false;
            boolean wroteUsage = false;
            for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("model")) {
                    generator.writeStringField("model", upstreamModel);
                    wroteModel = true;
                } else if (askForUsage && field.getKey().equals("stream_options") && field.getValue().isObject()) {
                    ObjectNode options = ((ObjectNode) field.getValue()).deepCopy();
                    options.put("include_usage", true);
                    generator.writeFieldName("stream_options");
                    Json.MAPPER.writeTree(generator, options);
                    wroteUsage = true;
                } else {
                    generator.writeFieldName(field.getKey());
                    Json.MAPPER.writeTree(generator, field.getValue());
                }
            }
            if (!wroteModel) {
                generator.writeStringField("model", upstreamModel);
            }
            if (askForUsage && !wroteUsage) {
                generator.writeFieldName("stream_options");
                generator.writeStartObject();
                generator.writeBooleanField("include_usage", true);
                generator.writeEndObject();
            }
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory does not fail
        }
        return out.toByteArray();
    }
}
