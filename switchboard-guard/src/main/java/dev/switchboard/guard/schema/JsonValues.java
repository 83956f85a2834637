package dev.switchboard.guard.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.json.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** JSON values as JSON Schema sees them: numbers equal by value (1 == 1.0), names of kinds, short excerpts. */
final class JsonValues {

    private JsonValues() {
    }

    /** The value of a number, or null for one that is not finite (a parsed 1e400). */
    static BigDecimal decimal(JsonNode number) {
        if (number.isDouble() || number.isFloat()) {
            double d = number.doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
        return number.decimalValue();
    }

    /** True for numbers without a fractional part, 1.0 included, as JSON Schema's "integer". */
    static boolean isInteger(JsonNode value) {
        if (value.isIntegralNumber()) {
            return true;
        }
        if (!value.isNumber()) {
            return false;
        }
        BigDecimal d = decimal(value);
        return d != null && (d.signum() == 0 || d.stripTrailingZeros().scale() <= 0);
    }

    /** JSON Schema equality: numbers by value, objects regardless of member order. */
    static boolean equal(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            BigDecimal x = decimal(a);
            BigDecimal y = decimal(b);
            return x != null && y != null ? x.compareTo(y) == 0 : a.doubleValue() == b.doubleValue();
        }
        if (a.getNodeType() != b.getNodeType()) {
            return false;
        }
        if (a.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!equal(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode other = b.get(field.getKey());
                if (other == null || !equal(field.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** A text equal for values {@link #equal} calls equal: numbers normalized, object members sorted. */
    static String canonical(JsonNode value) {
        StringBuilder out = new StringBuilder();
        canonical(value, out);
        return out.toString();
    }

    private static void canonical(JsonNode value, StringBuilder out) {
        if (value.isNumber()) {
            BigDecimal d = decimal(value);
            out.append(d == null ? Double.toString(value.doubleValue())
                    : d.signum() == 0 ? "0" : d.stripTrailingZeros().toString());
        } else if (value.isArray()) {
            out.append('[');
            for (JsonNode item : value) {
                canonical(item, out);
                out.append(',');
            }
            out.append(']');
        } else if (value.isObject()) {
            List<String> names = new ArrayList<>();
            value.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            out.append('{');
            for (String name : names) {
                out.append(Json.string(com.fasterxml.jackson.databind.node.TextNode.valueOf(name))).append(':');
                canonical(value.get(name), out);
                out.append(',');
            }
            out.append('}');
        } else {
            out.append(Json.string(value));
        }
    }

    /** The JSON Schema type name of a value: null, boolean, object, array, integer, number or string. */
    static String kind(JsonNode value) {
        return switch (value.getNodeType()) {
            case NULL, MISSING -> "null";
            case BOOLEAN -> "boolean";
            case OBJECT, POJO -> "object";
            case ARRAY -> "array";
            case NUMBER -> isInteger(value) ? "integer" : "number";
            default -> "string";
        };
    }

    /** The kind and a short excerpt of a value, for messages: {@code string "12"}, {@code object}. */
    static String describe(JsonNode value) {
        return switch (value.getNodeType()) {
            case OBJECT, POJO -> "an object";
            case ARRAY -> "an array";
            case NULL, MISSING -> "null";
            default -> kind(value) + " " + excerpt(Json.string(value), 40);
        };
    }

    /** {@code text} cut to {@code max} chars, with an ellipsis when cut. */
    static String excerpt(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
