package dev.switchboard.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * Builds a small JSON value that is valid against a JSON Schema, as a model would produce for
 * tool arguments or a {@code json_schema} response format.
 *
 * <p>Covers what function-calling schemas use: {@code type} (a name or a list, first non-null
 * wins), {@code properties} (every declared property is filled, so {@code required} is always
 * met), {@code items} with {@code minItems}/{@code maxItems}, {@code enum}, {@code const},
 * {@code minLength}/{@code maxLength}, common {@code format}s, numeric bounds,
 * {@code anyOf}/{@code oneOf} (first branch), {@code allOf} (objects merged) and local
 * {@code $ref}s into {@code $defs}/{@code definitions}. {@code pattern} is not honoured. Recursion
 * is cut at depth {@value #MAX_DEPTH}. Stateless and thread-safe.
 */
final class SchemaInstance {

    static final int MAX_DEPTH = 24;
    private static final String SAMPLE_TEXT = "simulated";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonNode root;
    private final String sampleText;

    private SchemaInstance(JsonNode root, String sampleText) {
        this.root = root;
        this.sampleText = sampleText;
    }

    /** A value valid against {@code schema}; a missing or non-object schema gives an empty object. */
    static JsonNode of(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            return NODES.objectNode();
        }
        return of(schema, SAMPLE_TEXT);
    }

    /** Like {@link #of(JsonNode)}, with {@code sampleText} in free-text string fields. */
    static JsonNode of(JsonNode schema, String sampleText) {
        if (schema == null || !schema.isObject()) {
            return NODES.objectNode();
        }
        return new SchemaInstance(schema, sampleText).instance(schema, 0);
    }

    /**
     * A value that breaks {@code schema}, for tests of schema checking: a valid instance with its
     * first required property left out; failing that, with its first property given a value of the
     * wrong type; failing that, a value of another type than the schema's ({@code ["[simulated]
     * invalid"]} for an object, {@code 0} for a string, else a string).
     */
    static JsonNode invalid(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            return NODES.arrayNode().add(INVALID_TEXT);
        }
        SchemaInstance builder = new SchemaInstance(schema, SAMPLE_TEXT);
        JsonNode target = schema.path("$ref").isTextual() ? builder.resolve(schema.path("$ref").textValue()) : schema;
        JsonNode valid = builder.instance(schema, 0);
        if (valid instanceof ObjectNode object) {
            JsonNode required = target.path("required");
            if (required.isArray() && !required.isEmpty() && required.get(0).isTextual()) {
                object.remove(required.get(0).textValue());
                return object;
            }
            java.util.Iterator<Map.Entry<String, JsonNode>> properties = target.path("properties").properties().iterator();
            if (properties.hasNext()) {
                Map.Entry<String, JsonNode> first = properties.next();
                object.set(first.getKey(), "string".equals(type(first.getValue())) ? NODES.numberNode(12345)
                        : NODES.textNode(INVALID_TEXT));
                return object;
            }
            return NODES.arrayNode().add(INVALID_TEXT);
        }
        return valid.isTextual() ? NODES.numberNode(0) : NODES.textNode(INVALID_TEXT);
    }

    private static final String INVALID_TEXT = "[simulated] invalid";

    private JsonNode instance(JsonNode schema, int depth) {
        if (depth > MAX_DEPTH || !schema.isObject()) {
            return NODES.nullNode();
        }
        JsonNode ref = schema.path("$ref");
        if (ref.isTextual()) {
            return instance(resolve(ref.textValue()), depth + 1);
        }
        if (schema.has("const")) {
            return schema.get("const").deepCopy();
        }
        JsonNode choices = schema.path("enum");
        if (choices.isArray() && !choices.isEmpty()) {
            return choices.get(0).deepCopy();
        }
        for (String alternatives : new String[] {"anyOf", "oneOf"}) {
            JsonNode branches = schema.path(alternatives);
            if (branches.isArray() && !branches.isEmpty()) {
                return instance(branches.get(0), depth + 1);
            }
        }
        JsonNode allOf = schema.path("allOf");
        if (allOf.isArray() && !allOf.isEmpty()) {
            return merged(allOf, depth);
        }
        return switch (type(schema)) {
            case "object" -> object(schema, depth);
            case "array" -> array(schema, depth);
            case "integer" -> NODES.numberNode(integer(schema));
            case "number" -> NODES.numberNode(number(schema));
            case "boolean" -> NODES.booleanNode(true);
            case "null" -> NODES.nullNode();
            default -> NODES.textNode(text(schema));
        };
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isTextual()) {
            return type.textValue();
        }
        if (type.isArray()) {
            for (JsonNode option : type) {
                if (option.isTextual() && !"null".equals(option.textValue())) {
                    return option.textValue();
                }
            }
            return "null";
        }
        if (schema.has("properties") || schema.has("required")) {
            return "object";
        }
        return schema.has("items") ? "array" : "string";
    }

    private ObjectNode object(JsonNode schema, int depth) {
        ObjectNode object = NODES.objectNode();
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            object.set(property.getKey(), instance(property.getValue(), depth + 1));
        }
        for (JsonNode required : schema.path("required")) {
            if (required.isTextual() && !object.has(required.textValue())) {
                object.put(required.textValue(), sampleText); // required but undeclared: any value is valid
            }
        }
        return object;
    }

    private ArrayNode array(JsonNode schema, int depth) {
        int count = Math.max(1, schema.path("minItems").asInt(0));
        if (schema.has("maxItems")) {
            count = Math.min(count, schema.path("maxItems").asInt());
        }
        ArrayNode array = NODES.arrayNode(count);
        JsonNode items = schema.path("items");
        for (int i = 0; i < count; i++) {
            array.add(items.isObject() ? instance(items, depth + 1) : NODES.textNode(sampleText));
        }
        return array;
    }

    private JsonNode merged(JsonNode allOf, int depth) {
        JsonNode result = null;
        for (JsonNode part : allOf) {
            JsonNode value = instance(part, depth + 1);
            if (result instanceof ObjectNode object && value instanceof ObjectNode more) {
                object.setAll(more);
            } else if (result == null) {
                result = value;
            }
        }
        return result;
    }

    private static long integer(JsonNode schema) {
        BigDecimal value = number(schema);
        BigDecimal up = value.setScale(0, RoundingMode.CEILING);
        JsonNode max = schema.path("maximum");
        return (max.isNumber() && up.compareTo(max.decimalValue()) > 0 ? value.setScale(0, RoundingMode.FLOOR) : up)
                .longValue();
    }

    /** Zero moved into {@code [minimum, maximum]}; an exclusive bound moves it one further. */
    private static BigDecimal number(JsonNode schema) {
        BigDecimal value = BigDecimal.ZERO;
        JsonNode min = schema.path("minimum");
        JsonNode exclusiveMin = schema.path("exclusiveMinimum");
        JsonNode max = schema.path("maximum");
        JsonNode exclusiveMax = schema.path("exclusiveMaximum");
        if (min.isNumber() && value.compareTo(min.decimalValue()) < 0) {
            value = min.decimalValue();
        }
        if (exclusiveMin.isNumber() && value.compareTo(exclusiveMin.decimalValue()) <= 0) {
            value = exclusiveMin.decimalValue().add(BigDecimal.ONE);
        } else if (exclusiveMin.asBoolean(false) && min.isNumber() && value.compareTo(min.decimalValue()) == 0) {
            value = value.add(BigDecimal.ONE); // draft-04 boolean form
        }
        if (max.isNumber() && value.compareTo(max.decimalValue()) > 0) {
            value = max.decimalValue();
        }
        if (exclusiveMax.isNumber() && value.compareTo(exclusiveMax.decimalValue()) >= 0) {
            value = exclusiveMax.decimalValue().subtract(BigDecimal.ONE);
        } else if (exclusiveMax.asBoolean(false) && max.isNumber() && value.compareTo(max.decimalValue()) == 0) {
            value = value.subtract(BigDecimal.ONE);
        }
        return value;
    }

    private String text(JsonNode schema) {
        String text = switch (schema.path("format").asText("")) {
            case "date-time" -> "2024-01-01T00:00:00Z";
            case "date" -> "2024-01-01";
            case "time" -> "00:00:00Z";
            case "email" -> "simulated@example.com";
            case "uri", "url" -> "https://example.com/simulated";
            case "uuid" -> "00000000-0000-4000-8000-000000000000";
            default -> sampleText;
        };
        int minLength = schema.path("minLength").asInt(0);
        if (text.length() < minLength) {
            text = text + "x".repeat(minLength - text.length());
        }
        if (schema.has("maxLength")) {
            text = text.substring(0, Math.max(0, Math.min(text.length(), schema.path("maxLength").asInt())));
        }
        return text;
    }

    private JsonNode resolve(String ref) {
        if (!ref.startsWith("#")) {
            return NODES.objectNode(); // remote refs are not fetched; an empty schema accepts anything
        }
        JsonNode target = ref.length() == 1 ? root : root.at(ref.substring(1));
        return target.isMissingNode() ? NODES.objectNode() : target;
    }
}
