package dev.switchboard.guard.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keywords about objects: properties, patternProperties, additionalProperties, required,
 * min/maxProperties, propertyNames, dependentRequired, dependentSchemas and draft-07's dependencies.
 */
final class ObjectKeywords {

    private ObjectKeywords() {
    }

    /** @param node the schema being compiled: dependent schemas apply to its own value */
    static void compile(JsonNode schema, String pointer, int depth, SchemaCompiler compiler, SchemaNode node,
                        List<Keyword> keywords) {
        Map<String, SchemaNode> properties = new LinkedHashMap<>();
        JsonNode declared = schema.get("properties");
        if (declared != null) {
            SchemaCompiler.object(declared, pointer, "properties").forEach((name, sub) -> properties.put(name,
                    compiler.child(sub, pointer + "/properties/" + SchemaCompiler.escape(name), depth)));
        }
        List<com.google.re2j.Pattern> patterns = new ArrayList<>();
        List<SchemaNode> patternSchemas = new ArrayList<>();
        JsonNode patterned = schema.get("patternProperties");
        if (patterned != null) {
            SchemaCompiler.object(patterned, pointer, "patternProperties").forEach((regex, sub) -> {
                String at = pointer + "/patternProperties/" + SchemaCompiler.escape(regex);
                patterns.add(SchemaCompiler.regex(com.fasterxml.jackson.databind.node.TextNode.valueOf(regex), at));
                patternSchemas.add(compiler.child(sub, at, depth));
            });
        }
        JsonNode additional = schema.get("additionalProperties");
        SchemaNode additionalSchema = additional == null ? null
                : compiler.child(additional, pointer + "/additionalProperties", depth);
        if (!properties.isEmpty() || !patterns.isEmpty() || additionalSchema != null
                && !additionalSchema.acceptsEverything()) {
            keywords.add(members(properties, patterns, patternSchemas, additionalSchema));
        }
        JsonNode required = schema.get("required");
        if (required != null) {
            keywords.add(required(names(required, pointer + "/required")));
        }
        int min = SchemaCompiler.count(schema, "minProperties", pointer);
        int max = SchemaCompiler.count(schema, "maxProperties", pointer);
        if (min > 0 || max >= 0) {
            keywords.add((value, at, v) -> !value.isObject() || value.size() >= Math.max(min, 0)
                    && (max < 0 || value.size() <= max) || v.fail(at, "must have " + (min > 0 ? "at least " + min
                    + (max >= 0 ? " and " : "") : "") + (max >= 0 ? "at most " + max : "") + " properties, got "
                    + value.size()));
        }
        JsonNode names = schema.get("propertyNames");
        if (names != null) {
            SchemaNode nameSchema = compiler.child(names, pointer + "/propertyNames", depth);
            keywords.add((value, at, v) -> {
                if (!value.isObject()) {
                    return true;
                }
                for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
                    String name = it.next();
                    if (!v.quietly(nameSchema, com.fasterxml.jackson.databind.node.TextNode.valueOf(name), at)) {
                        return v.fail(at, "property name '" + JsonValues.excerpt(name, 40)
                                + "' does not match propertyNames");
                    }
                }
                return true;
            });
        }
        dependencies(schema, pointer, depth, compiler, node, keywords);
    }

    private static Keyword members(Map<String, SchemaNode> properties, List<com.google.re2j.Pattern> patterns,
                                   List<SchemaNode> patternSchemas, SchemaNode additional) {
        return (value, at, v) -> {
            if (!value.isObject()) {
                return true;
            }
            boolean valid = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                String name = member.getKey();
                Location here = at.property(name);
                boolean matched = false;
                SchemaNode declared = properties.get(name);
                if (declared != null) {
                    matched = true;
                    valid &= declared.validate(member.getValue(), here, v);
                }
                for (int i = 0; i < patterns.size(); i++) {
                    if (patterns.get(i).matcher(name).find()) {
                        matched = true;
                        valid &= patternSchemas.get(i).validate(member.getValue(), here, v);
                    }
                }
                if (!matched && additional != null && !additional.acceptsEverything()) {
                    if (additional.rejectsEverything()) {
                        valid = v.fail(here, "property '" + JsonValues.excerpt(name, 40) + "' is not allowed"
                                + (properties.isEmpty() ? "" : "; allowed: "
                                + JsonValues.excerpt(String.join(", ", properties.keySet()), 200)));
                    } else {
                        valid &= additional.validate(member.getValue(), here, v);
                    }
                }
                if (!valid && (v.quiet() || v.full())) {
                    return false;
                }
            }
            return valid;
        };
    }

    private static Keyword required(List<String> names) {
        return (value, at, v) -> {
            if (!value.isObject()) {
                return true;
            }
            boolean valid = true;
            for (String name : names) {
                if (!value.has(name)) {
                    valid = v.fail(at, "missing required property '" + JsonValues.excerpt(name, 40) + "'");
                    if (v.quiet() || v.full()) {
                        return false;
                    }
                }
            }
            return valid;
        };
    }

    private static void dependencies(JsonNode schema, String pointer, int depth, SchemaCompiler compiler,
                                     SchemaNode node, List<Keyword> keywords) {
        Map<String, List<String>> requiredIf = new LinkedHashMap<>();
        Map<String, SchemaNode> schemaIf = new LinkedHashMap<>();
        JsonNode dependentRequired = schema.get("dependentRequired");
        if (dependentRequired != null) {
            SchemaCompiler.object(dependentRequired, pointer, "dependentRequired").forEach((name, list) -> requiredIf
                    .put(name, names(list, pointer + "/dependentRequired/" + SchemaCompiler.escape(name))));
        }
        JsonNode dependentSchemas = schema.get("dependentSchemas");
        if (dependentSchemas != null) {
            SchemaCompiler.object(dependentSchemas, pointer, "dependentSchemas").forEach((name, sub) -> schemaIf.put(
                    name, compiler.child(sub, pointer + "/dependentSchemas/" + SchemaCompiler.escape(name), depth)));
        }
        JsonNode legacy = schema.get("dependencies");
        if (legacy != null) {
            SchemaCompiler.object(legacy, pointer, "dependencies").forEach((name, dep) -> {
                String at = pointer + "/dependencies/" + SchemaCompiler.escape(name);
                if (dep.isArray()) {
                    requiredIf.put(name, names(dep, at));
                } else {
                    schemaIf.put(name, compiler.child(dep, at, depth));
                }
            });
        }
        if (requiredIf.isEmpty() && schemaIf.isEmpty()) {
            return;
        }
        node.sameValue.addAll(schemaIf.values());
        keywords.add((value, at, v) -> {
            if (!value.isObject()) {
                return true;
            }
            boolean valid = true;
            for (Map.Entry<String, List<String>> dep : requiredIf.entrySet()) {
                if (value.has(dep.getKey())) {
                    for (String needed : dep.getValue()) {
                        if (!value.has(needed)) {
                            valid = v.fail(at, "property '" + JsonValues.excerpt(needed, 40) + "' is required when '"
                                    + JsonValues.excerpt(dep.getKey(), 40) + "' is present");
                        }
                    }
                }
            }
            for (Map.Entry<String, SchemaNode> dep : schemaIf.entrySet()) {
                if (value.has(dep.getKey())) {
                    valid &= dep.getValue().validate(value, at, v);
                }
            }
            return valid;
        });
    }

    private static List<String> names(JsonNode list, String pointer) {
        if (!list.isArray()) {
            throw new InvalidSchemaException(pointer, "must be an array of property names");
        }
        List<String> names = new ArrayList<>(list.size());
        for (JsonNode name : list) {
            if (!name.isTextual()) {
                throw new InvalidSchemaException(pointer, "must list property names as strings, got "
                        + JsonValues.describe(name));
            }
            names.add(name.textValue());
        }
        return names;
    }
}
