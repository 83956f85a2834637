package dev.switchboard.guard.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keywords about arrays: items (one schema, or draft-07's list with additionalItems), prefixItems,
 * min/maxItems, uniqueItems, contains with min/maxContains.
 */
final class ArrayKeywords {

    private ArrayKeywords() {
    }

    static void compile(JsonNode schema, String pointer, int depth, SchemaCompiler compiler, List<Keyword> keywords) {
        List<SchemaNode> prefix = new ArrayList<>();
        SchemaNode rest = null;
        JsonNode prefixItems = schema.get("prefixItems");
        JsonNode items = schema.get("items");
        if (prefixItems != null) {
            tuple(prefixItems, pointer + "/prefixItems", depth, compiler, prefix);
            if (items != null) {
                rest = compiler.child(items, pointer + "/items", depth);
            }
        } else if (items != null && items.isArray()) {
            tuple(items, pointer + "/items", depth, compiler, prefix);
            JsonNode additional = schema.get("additionalItems");
            if (additional != null) {
                rest = compiler.child(additional, pointer + "/additionalItems", depth);
            }
        } else if (items != null) {
            rest = compiler.child(items, pointer + "/items", depth);
        }
        if (!prefix.isEmpty() || rest != null && !rest.acceptsEverything()) {
            keywords.add(items(prefix, rest));
        }
        int min = SchemaCompiler.count(schema, "minItems", pointer);
        int max = SchemaCompiler.count(schema, "maxItems", pointer);
        if (min > 0 || max >= 0) {
            keywords.add((value, at, v) -> {
                if (!value.isArray()) {
                    return true;
                }
                if (value.size() < min) {
                    return v.fail(at, "must have at least " + min + " items, got " + value.size());
                }
                return max < 0 || value.size() <= max || v.fail(at, "must have at most " + max + " items, got "
                        + value.size());
            });
        }
        if (schema.path("uniqueItems").asBoolean(false)) {
            keywords.add(ArrayKeywords::unique);
        }
        JsonNode contains = schema.get("contains");
        if (contains != null) {
            SchemaNode wanted = compiler.child(contains, pointer + "/contains", depth);
            int minContains = SchemaCompiler.count(schema, "minContains", pointer);
            int maxContains = SchemaCompiler.count(schema, "maxContains", pointer);
            keywords.add(contains(wanted, minContains < 0 ? 1 : minContains, maxContains));
        }
    }

    private static void tuple(JsonNode list, String pointer, int depth, SchemaCompiler compiler, List<SchemaNode> into) {
        if (!list.isArray()) {
            throw new InvalidSchemaException(pointer, "must be an array of schemas");
        }
        for (int i = 0; i < list.size(); i++) {
            into.add(compiler.child(list.get(i), pointer + "/" + i, depth));
        }
    }

    private static Keyword items(List<SchemaNode> prefix, SchemaNode rest) {
        return (value, at, v) -> {
            if (!value.isArray()) {
                return true;
            }
            boolean valid = true;
            for (int i = 0; i < value.size(); i++) {
                SchemaNode schema = i < prefix.size() ? prefix.get(i) : rest;
                if (schema == null) {
                    break;
                }
                if (schema.rejectsEverything()) {
                    return v.fail(at, "must have at most " + prefix.size() + " items, got " + value.size());
                }
                valid &= schema.validate(value.get(i), at.index(i), v);
                if (!valid && (v.quiet() || v.full())) {
                    return false;
                }
            }
            return valid;
        };
    }

    private static boolean unique(JsonNode value, Location at, Validation v) {
        if (!value.isArray()) {
            return true;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < value.size(); i++) {
            v.step();
            Integer first = seen.putIfAbsent(JsonValues.canonical(value.get(i)), i);
            if (first != null) {
                return v.fail(at, "items " + first + " and " + i + " are equal; items must be unique");
            }
        }
        return true;
    }

    private static Keyword contains(SchemaNode wanted, int min, int max) {
        return (value, at, v) -> {
            if (!value.isArray()) {
                return true;
            }
            int matching = 0;
            for (int i = 0; i < value.size(); i++) {
                if (v.quietly(wanted, value.get(i), at.index(i))) {
                    matching++;
                }
            }
            if (matching < min) {
                return v.fail(at, "must contain at least " + min + " item" + (min == 1 ? "" : "s")
                        + " matching 'contains', got " + matching);
            }
            return max < 0 || matching <= max || v.fail(at, "must contain at most " + max
                    + " items matching 'contains', got " + matching);
        };
    }
}
