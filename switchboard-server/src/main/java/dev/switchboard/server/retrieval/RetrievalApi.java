package dev.switchboard.server.retrieval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.api.Errors;
import dev.switchboard.core.auth.Caller;
import dev.switchboard.core.json.Json;
import dev.switchboard.retrieval.Document;
import dev.switchboard.retrieval.Metadata;
import dev.switchboard.retrieval.Retrieval;
import dev.switchboard.retrieval.ingest.DocumentJson;
import dev.switchboard.retrieval.search.SearchMode;
import dev.switchboard.retrieval.store.CollectionInfo;
import dev.switchboard.retrieval.store.Filter;
import dev.switchboard.retrieval.store.Hit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The JSON of the retrieval API, both ways: query and document requests in, collections and hits
 * out; and who may read and write what. Shared by the HTTP endpoints, the CLI and the chat
 * interceptor so that all speak the same shapes.
 *
 * <p>Access: a tenant's key sees chunks whose {@code tenant} metadata is its tenant's name or absent,
 * and whose {@code roles} metadata shares a role with the key's {@code roles} metadata
 * (comma-separated) or is absent; the master key sees everything. Documents a tenant's key writes
 * are stamped with its tenant.
 */
public final class RetrievalApi {

    /** Key metadata listing the key's roles, comma-separated. */
    public static final String ROLES_METADATA = "roles";
    /** Key metadata that lets a tenant's key create collections and write documents ({@code write}). */
    public static final String WRITE_METADATA = "retrieval";
    private static final Set<String> QUERY_FIELDS = Set.of("query", "top_k", "filter", "mode", "model");
    private static final int DEFAULT_TOP_K = 10;

    private RetrievalApi() {
    }

    /** What {@code caller} may read. */
    public static Filter.Access access(Caller caller) {
        if (caller.master()) {
            return Filter.Access.EVERYTHING;
        }
        Set<String> roles = new LinkedHashSet<>();
        String listed = caller.key() != null ? caller.key().metadata().get(ROLES_METADATA) : null;
        if (listed != null) {
            Arrays.stream(listed.split(",")).map(String::strip).filter(r -> !r.isEmpty()).forEach(roles::add);
        }
        return new Filter.Access(false, caller.tenant() != null ? caller.tenant().name() : null, roles);
    }

    /**
     * @throws ApiException 403 unless the caller holds the master key or a key with metadata
     *     {@code retrieval=write}
     */
    public static void requireWriter(Caller caller) {
        boolean writer = caller.master()
                || caller.key() != null && "write".equals(caller.key().metadata().get(WRITE_METADATA));
        if (!writer) {
            throw new ApiException(new dev.switchboard.core.api.ApiError(403, "permission_error", "retrieval_read_only",
                    null, "Creating collections and writing documents needs the master key or a key with metadata"
                    + " retrieval=write."));
        }
    }

    /** A query request {@code {query, top_k?, filter?, mode?, model?}}. */
    public static Retrieval.Query query(JsonNode body, Caller caller) {
        if (!(body instanceof ObjectNode object)) {
            throw Errors.badRequest(null, "the body must be a JSON object {\"query\": \"...\"}");
        }
        object.fieldNames().forEachRemaining(name -> {
            if (!QUERY_FIELDS.contains(name)) {
                throw Errors.badRequest(name, "unknown field '" + name + "'; known fields: query, top_k, filter, mode, model");
            }
        });
        JsonNode query = object.get("query");
        if (query == null || !query.isTextual() || query.textValue().isBlank()) {
            throw Errors.badRequest("query", "'query' must be a non-empty string");
        }
        int topK = DEFAULT_TOP_K;
        JsonNode k = object.get("top_k");
        if (k != null && !k.isNull()) {
            if (!k.isIntegralNumber() || !k.canConvertToInt()) {
                throw Errors.badRequest("top_k", "'top_k' must be a whole number");
            }
            topK = k.intValue();
        }
        SearchMode mode = SearchMode.HYBRID;
        JsonNode m = object.get("mode");
        if (m != null && !m.isNull()) {
            mode = SearchMode.parse(m.asText()).filter(x -> m.isTextual()).orElseThrow(() -> Errors.badRequest("mode",
                    "'mode' must be one of hybrid, vector, keyword, exact; was " + m));
        }
        JsonNode model = object.get("model");
        if (model != null && !model.isNull() && !model.isTextual()) {
            throw Errors.badRequest("model", "'model' must be a string");
        }
        return new Retrieval.Query(query.textValue(), mode, topK, filter(object.get("filter")), access(caller),
                model == null || model.isNull() ? null : model.textValue());
    }

    /** A filter {@code {field: value or [values]}}: every field must match one of its values. */
    static Map<String, Set<String>> filter(JsonNode node) {
        Map<String, Set<String>> fields = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return fields;
        }
        if (!node.isObject()) {
            throw Errors.badRequest("filter", "'filter' must be an object of metadata fields, e.g. {\"deck\": \"intro\"}");
        }
        node.fields().forEachRemaining(entry -> {
            Set<String> values = new LinkedHashSet<>();
            JsonNode value = entry.getValue();
            for (JsonNode item : value.isArray() ? value : List.of(value)) {
                if (!item.isValueNode() || item.isNull()) {
                    throw Errors.badRequest("filter", "filter field '" + entry.getKey()
                            + "' must be a string, number, boolean or a list of those");
                }
                values.add(item.asText());
            }
            if (values.isEmpty()) {
                throw Errors.badRequest("filter", "filter field '" + entry.getKey() + "' lists no values");
            }
            fields.put(entry.getKey(), values);
        });
        return fields;
    }

    /**
     * The documents of a write request: {@code {"documents": [ {id, title?, text, metadata?}, ... ]}}
     * or one such document object. A tenant's key stamps each with its tenant.
     */
    public static List<Document> documents(JsonNode body, Caller caller) {
        List<JsonNode> items = new ArrayList<>();
        if (body instanceof ObjectNode object && object.has("documents")) {
            JsonNode documents = object.get("documents");
            if (!documents.isArray() || documents.isEmpty()) {
                throw Errors.badRequest("documents", "'documents' must be a non-empty array of {id, text, title?, metadata?}");
            }
            documents.forEach(items::add);
        } else if (body instanceof ObjectNode) {
            items.add(body);
        } else {
            throw Errors.badRequest(null, "the body must be a JSON object {\"documents\": [...]}");
        }
        List<Document> documents = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            try {
                documents.add(stamp(DocumentJson.document(items.get(i)), caller));
            } catch (IllegalArgumentException e) {
                throw Errors.badRequest(items.size() > 1 || body.has("documents") ? "documents[" + i + "]" : null,
                        e.getMessage());
            }
        }
        return documents;
    }

    /** The document, stamped with the caller's tenant unless the caller is the master key or has none. */
    static Document stamp(Document document, Caller caller) {
        if (caller.master() || caller.tenant() == null) {
            return document;
        }
        Map<String, List<String>> metadata = new LinkedHashMap<>(document.metadata());
        metadata.put(Metadata.TENANT, List.of(caller.tenant().name()));
        return new Document(document.id(), document.title(), document.text(), metadata);
    }

    public static ObjectNode collection(CollectionInfo info, long chunks) {
        ObjectNode object = Json.object();
        object.put("object", "collection");
        object.put("name", info.name());
        object.put("model", info.model());
        object.put("dimensions", info.dimensions());
        object.put("chunks", chunks);
        return object;
    }

    public static ObjectNode outcomes(List<Retrieval.Outcome> outcomes) {
        ObjectNode answer = Json.object();
        answer.put("object", "list");
        ArrayNode data = answer.putArray("data");
        for (Retrieval.Outcome outcome : outcomes) {
            ObjectNode item = data.addObject();
            item.put("id", outcome.documentId());
            item.put("status", outcome.status().name().toLowerCase(java.util.Locale.ROOT));
            item.put("chunks", outcome.chunks());
            if (outcome.error() != null) {
                item.put("error", outcome.error());
            }
        }
        return answer;
    }

    /** Ranked chunks: id, document id, position, heading path, title, text (the citation), score, metadata. */
    public static ObjectNode hits(List<Hit> hits, SearchMode mode, CollectionInfo collection) {
        ObjectNode answer = Json.object();
        answer.put("object", "list");
        answer.put("collection", collection.name());
        answer.put("model", collection.model());
        answer.put("mode", mode.wireName());
        ArrayNode data = answer.putArray("data");
        for (Hit hit : hits) {
            ObjectNode item = data.addObject();
            item.put("object", "chunk");
            item.put("id", hit.chunk().id());
            item.put("document_id", hit.chunk().documentId());
            item.put("position", hit.chunk().position());
            ArrayNode headings = item.putArray("heading_path");
            hit.chunk().headingPath().forEach(headings::add);
            if (hit.title() != null) {
                item.put("title", hit.title());
            }
            item.put("text", hit.chunk().text());
            item.put("score", hit.score());
            item.set("metadata", Json.MAPPER.valueToTree(hit.chunk().metadata().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.TreeMap::new))));
        }
        return answer;
    }
}
