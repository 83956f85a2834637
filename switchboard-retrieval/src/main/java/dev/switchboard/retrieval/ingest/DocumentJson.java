package dev.switchboard.retrieval.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.retrieval.Document;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Documents as JSON, the shape of JSON Lines corpora and of {@code POST /v1/collections/{name}/documents}. */
public final class DocumentJson {

    private DocumentJson() {
    }

    /**
     * The document of a JSON object {@code {"_id" or "id", "title"?, "text", "metadata"?}}.
     *
     * @throws IllegalArgumentException naming the field that is missing or of the wrong type
     */
    public static Document document(JsonNode node) {
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException("expected a JSON object {\"_id\", \"title\", \"text\"}");
        }
        JsonNode id = object.has("_id") ? object.get("_id") : object.get("id");
        if (id == null || !(id.isTextual() || id.isNumber()) || id.asText().isBlank()) {
            throw new IllegalArgumentException("\"_id\" (or \"id\") must be a non-empty string");
        }
        JsonNode text = object.get("text");
        if (text == null || !text.isTextual()) {
            throw new IllegalArgumentException("\"text\" must be a string (document " + id.asText() + ")");
        }
        JsonNode title = object.get("title");
        if (title != null && !title.isNull() && !title.isTextual()) {
            throw new IllegalArgumentException("\"title\" must be a string (document " + id.asText() + ")");
        }
        return new Document(id.asText(), title == null || title.isNull() || title.asText().isBlank() ? null : title.asText(),
                text.textValue(), metadata(object.get("metadata"), id.asText()));
    }

    /** Metadata JSON as field → string values. */
    public static Map<String, List<String>> metadata(JsonNode node, String documentId) {
        Map<String, List<String>> metadata = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return metadata;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("\"metadata\" must be an object (document " + documentId + ")");
        }
        node.fields().forEachRemaining(field -> {
            List<String> values = new ArrayList<>();
            JsonNode value = field.getValue();
            for (JsonNode item : value.isArray() ? value : List.of(value)) {
                if (!item.isValueNode() || item.isNull()) {
                    throw new IllegalArgumentException("metadata field '" + field.getKey() + "' must be a string, number,"
                            + " boolean or a list of those (document " + documentId + ")");
                }
                values.add(item.asText());
            }
            metadata.put(field.getKey(), values);
        });
        return metadata;
    }
}
