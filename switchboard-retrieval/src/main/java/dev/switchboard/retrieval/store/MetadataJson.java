package dev.switchboard.retrieval.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.switchboard.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Chunk metadata to and from the JSON stores keep it as. */
final class MetadataJson {

    private static final TypeReference<Map<String, List<String>>> TYPE = new TypeReference<>() {
    };

    private MetadataJson() {
    }

    static String write(Map<String, List<String>> metadata) {
        try {
            return Json.MAPPER.writeValueAsString(metadata);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, List<String>> read(String json) {
        try {
            return json == null ? Map.of() : Json.MAPPER.readValue(json, TYPE);
        } catch (IOException e) {
            throw new UncheckedIOException("stored chunk metadata is not valid JSON", e);
        }
    }
}
