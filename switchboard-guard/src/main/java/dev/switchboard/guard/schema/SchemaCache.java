package dev.switchboard.guard.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.cache.StartOverMap;
import dev.switchboard.core.json.Json;

/**
 * Compiled schemas by their JSON text, so that the tools a client sends with every request are
 * compiled once. Bounded: past {@code maxEntries} the cache starts over, and schemas longer than
 * {@code maxSchemaChars} are compiled each time rather than kept. Schemas that do not compile are
 * not kept (the exception is thrown each time). Thread-safe; a hit takes no lock.
 */
public final class SchemaCache {

    /** Simpler than LRU, and a workload of more distinct schemas gains little from either. */
    private final StartOverMap<String, JsonSchema> compiled;
    private final SchemaLimits limits;
    private final int maxSchemaChars;

    public SchemaCache(SchemaLimits limits, int maxEntries, int maxSchemaChars) {
        this.limits = limits;
        this.compiled = new StartOverMap<>(maxEntries);
        this.maxSchemaChars = maxSchemaChars;
    }

    /** A cache of 1,000 schemas of up to 64 KiB of JSON each, with the default limits. */
    public static SchemaCache defaults() {
        return new SchemaCache(SchemaLimits.defaults(), 1_000, 64 * 1024);
    }

    /** @throws InvalidSchemaException as {@link JsonSchema#compile(JsonNode, SchemaLimits)} */
    public JsonSchema compile(JsonNode schema) {
        String key = Json.string(schema);
        if (key.length() > maxSchemaChars) {
            return JsonSchema.compile(schema, limits);
        }
        JsonSchema known = compiled.get(key);
        if (known != null) {
            return known;
        }
        JsonSchema fresh = JsonSchema.compile(schema, limits);
        compiled.put(key, fresh);
        return fresh;
    }

    int size() {
        return compiled.size();
    }
}
