package dev.switchboard.guard.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a schema's JSON into {@link SchemaNode}s, checking every keyword it knows and refusing what
 * it cannot honour. {@code $ref}s are local ({@code #} or {@code #/json/pointer}), resolved after the
 * tree is built; a cycle of references that never descends into the value is refused. Unknown
 * keywords are annotations and ignored, as the specification says. One instance compiles one schema.
 */
final class SchemaCompiler {

    /** Keywords whose meaning this validator does not implement; ignoring them could pass invalid values. */
    private static final Set<String> UNSUPPORTED = Set.of("unevaluatedProperties", "unevaluatedItems", "$dynamicRef",
            "$recursiveRef");
    private static final Set<String> TYPES = Set.of("null", "boolean", "object", "array", "number", "integer", "string");

    private final JsonNode root;
    private final SchemaLimits limits;
    private final Map<String, SchemaNode> byPointer = new HashMap<>();
    private final List<Ref> refs = new ArrayList<>();
    private int nodes;

    /** A {@code $ref} waiting for its target. */
    private static final class Ref implements Keyword {
        final SchemaNode owner;
        final String target;
        final String at;
        SchemaNode node;

        Ref(SchemaNode owner, String target, String at) {
            this.owner = owner;
            this.target = target;
            this.at = at;
        }

        @Override
        public boolean check(JsonNode value, Location location, Validation validation) {
            return node.validate(value, location, validation);
        }
    }

    private SchemaCompiler(JsonNode root, SchemaLimits limits) {
        this.root = root;
        this.limits = limits;
    }

    static SchemaNode compile(JsonNode schema, SchemaLimits limits) {
        SchemaCompiler compiler = new SchemaCompiler(schema, limits);
        SchemaNode top = compiler.node(schema, "#", 0);
        compiler.resolveRefs();
        compiler.refuseCycles(top);
        return top;
    }

    private SchemaNode node(JsonNode schema, String pointer, int depth) {
        SchemaNode known = byPointer.get(pointer);
        if (known != null) {
            return known;
        }
        if (++nodes > limits.maxSchemaNodes()) {
            throw new InvalidSchemaException(pointer, "the schema has more than " + limits.maxSchemaNodes()
                    + " subschemas");
        }
        if (depth > limits.maxSchemaDepth()) {
            throw new InvalidSchemaException(pointer, "subschemas are nested more than " + limits.maxSchemaDepth()
                    + " deep");
        }
        if (schema.isBoolean()) {
            SchemaNode constant = SchemaNode.constant(pointer, schema.booleanValue());
            byPointer.put(pointer, constant);
            return constant;
        }
        if (!schema.isObject()) {
            throw new InvalidSchemaException(pointer, "a schema must be an object or a boolean, got "
                    + JsonValues.describe(schema));
        }
        SchemaNode node = SchemaNode.of(pointer);
        byPointer.put(pointer, node);
        List<Keyword> keywords = new ArrayList<>();
        for (Iterator<String> names = schema.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (UNSUPPORTED.contains(name)) {
                throw new InvalidSchemaException(pointer, "'" + name + "' is not supported"
                        + (name.startsWith("unevaluated") ? "; use additionalProperties or items instead" : ""));
            }
        }
        for (String defs : new String[] {"$defs", "definitions"}) {
            JsonNode definitions = schema.get(defs);
            if (definitions != null) {
                for (Map.Entry<String, JsonNode> def : object(definitions, pointer, defs).entrySet()) {
                    node(def.getValue(), pointer + "/" + defs + "/" + escape(def.getKey()), depth + 1);
                }
            }
        }
        JsonNode ref = schema.get("$ref");
        if (ref != null) {
            if (!ref.isTextual()) {
                throw new InvalidSchemaException(pointer + "/$ref", "must be a string such as \"#/$defs/Name\"");
            }
            Ref pending = new Ref(node, target(ref.textValue(), pointer + "/$ref"), pointer + "/$ref");
            refs.add(pending);
            keywords.add(pending);
        }
        type(schema, pointer, keywords);
        JsonNode choices = schema.get("enum");
        if (choices != null) {
            if (!choices.isArray()) {
                throw new InvalidSchemaException(pointer + "/enum", "must be an array of the allowed values");
            }
            keywords.add(ValueKeywords.oneOfValues(choices));
        }
        if (schema.has("const")) {
            keywords.add(ValueKeywords.constant(schema.get("const")));
        }
        strings(schema, pointer, keywords);
        numbers(schema, pointer, keywords);
        ObjectKeywords.compile(schema, pointer, depth, this, node, keywords);
        ArrayKeywords.compile(schema, pointer, depth, this, keywords);
        combinators(schema, pointer, depth, node, keywords);
        node.keywords(keywords);
        return node;
    }

    /** Compiles the subschema at {@code schema[keyword]} (a child of the schema at {@code pointer}). */
    SchemaNode child(JsonNode schema, String pointer, int depth) {
        return node(schema, pointer, depth + 1);
    }

    private void type(JsonNode schema, String pointer, List<Keyword> keywords) {
        JsonNode type = schema.get("type");
        if (type == null) {
            return;
        }
        List<String> names = new ArrayList<>();
        if (type.isTextual()) {
            names.add(type.textValue());
        } else if (type.isArray() && !type.isEmpty()) {
            for (JsonNode name : type) {
                if (!name.isTextual()) {
                    throw new InvalidSchemaException(pointer + "/type", "must list type names, got "
                            + JsonValues.describe(name));
                }
                names.add(name.textValue());
            }
        } else {
            throw new InvalidSchemaException(pointer + "/type", "must be a type name or a non-empty list of them");
        }
        for (String name : names) {
            if (!TYPES.contains(name)) {
                throw new InvalidSchemaException(pointer + "/type", "unknown type '" + JsonValues.excerpt(name, 40)
                        + "'; one of array, boolean, integer, null, number, object, string");
            }
        }
        if (schema.path("nullable").asBoolean(false) && !names.contains("null")) {
            names.add("null"); // OpenAPI 3.0's way of saying ["T", "null"], common in tool schemas
        }
        keywords.add(ValueKeywords.type(Set.copyOf(names)));
    }

    private void strings(JsonNode schema, String pointer, List<Keyword> keywords) {
        int min = count(schema, "minLength", pointer);
        int max = count(schema, "maxLength", pointer);
        if (min > 0 || max >= 0) {
            keywords.add(ValueKeywords.length(Math.max(min, 0), max));
        }
        JsonNode pattern = schema.get("pattern");
        if (pattern != null) {
            keywords.add(ValueKeywords.pattern(regex(pattern, pointer + "/pattern")));
        }
        JsonNode format = schema.get("format");
        if (format != null) {
            if (!format.isTextual()) {
                throw new InvalidSchemaException(pointer + "/format", "must be a string such as \"date-time\"");
            }
            if (Formats.isKnown(format.textValue())) {
                keywords.add(ValueKeywords.format(format.textValue()));
            }
        }
    }

    private void numbers(JsonNode schema, String pointer, List<Keyword> keywords) {
        BigDecimal minimum = number(schema, "minimum", pointer);
        BigDecimal maximum = number(schema, "maximum", pointer);
        JsonNode exclusiveMin = schema.get("exclusiveMinimum");
        JsonNode exclusiveMax = schema.get("exclusiveMaximum");
        boolean minIsExclusive = exclusiveMin != null && exclusiveMin.isBoolean() && exclusiveMin.booleanValue();
        boolean maxIsExclusive = exclusiveMax != null && exclusiveMax.isBoolean() && exclusiveMax.booleanValue();
        if (minimum != null) {
            keywords.add(ValueKeywords.bound(minimum, true, minIsExclusive));
        }
        if (maximum != null) {
            keywords.add(ValueKeywords.bound(maximum, false, maxIsExclusive));
        }
        if (exclusiveMin != null && !exclusiveMin.isBoolean()) {
            keywords.add(ValueKeywords.bound(number(schema, "exclusiveMinimum", pointer), true, true));
        }
        if (exclusiveMax != null && !exclusiveMax.isBoolean()) {
            keywords.add(ValueKeywords.bound(number(schema, "exclusiveMaximum", pointer), false, true));
        }
        BigDecimal multipleOf = number(schema, "multipleOf", pointer);
        if (multipleOf != null) {
            if (multipleOf.signum() <= 0) {
                throw new InvalidSchemaException(pointer + "/multipleOf", "must be more than 0");
            }
            keywords.add(ValueKeywords.multipleOf(multipleOf));
        }
    }

    private void combinators(JsonNode schema, String pointer, int depth, SchemaNode node, List<Keyword> keywords) {
        for (String name : new String[] {"allOf", "anyOf", "oneOf"}) {
            JsonNode list = schema.get(name);
            if (list == null) {
                continue;
            }
            if (!list.isArray() || list.isEmpty()) {
                throw new InvalidSchemaException(pointer + "/" + name, "must be a non-empty array of schemas");
            }
            List<SchemaNode> branches = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                branches.add(child(list.get(i), pointer + "/" + name + "/" + i, depth));
            }
            node.sameValue.addAll(branches);
            keywords.add(switch (name) {
                case "allOf" -> Combinators.allOf(branches);
                case "anyOf" -> Combinators.anyOf(branches);
                default -> Combinators.oneOf(branches);
            });
        }
        JsonNode not = schema.get("not");
        if (not != null) {
            SchemaNode negated = child(not, pointer + "/not", depth);
            node.sameValue.add(negated);
            keywords.add(Combinators.not(negated));
        }
        JsonNode condition = schema.get("if");
        if (condition != null) {
            SchemaNode test = child(condition, pointer + "/if", depth);
            SchemaNode then = schema.has("then") ? child(schema.get("then"), pointer + "/then", depth) : null;
            SchemaNode otherwise = schema.has("else") ? child(schema.get("else"), pointer + "/else", depth) : null;
            node.sameValue.add(test);
            if (then != null) {
                node.sameValue.add(then);
            }
            if (otherwise != null) {
                node.sameValue.add(otherwise);
            }
            if (then != null || otherwise != null) {
                keywords.add(Combinators.conditional(test, then, otherwise));
            }
        }
    }

    private void resolveRefs() {
        for (int i = 0; i < refs.size(); i++) { // resolving may compile more schemas, with more refs
            Ref ref = refs.get(i);
            SchemaNode target = byPointer.get(ref.target);
            if (target == null) {
                JsonNode json = ref.target.equals("#") ? root : root.at(ref.target.substring(1));
                if (json.isMissingNode()) {
                    throw new InvalidSchemaException(ref.at, "'" + JsonValues.excerpt(ref.target, 80)
                            + "' points nowhere in this schema");
                }
                target = node(json, ref.target, 0);
            }
            ref.node = target;
            ref.owner.sameValue.add(target);
        }
    }

    /** Refuses a cycle of subschemas that apply to the same value: validating it would never end. */
    private void refuseCycles(SchemaNode top) {
        Map<SchemaNode, Integer> state = new IdentityHashMap<>(); // 1 on the path, 2 done
        List<SchemaNode> all = new ArrayList<>(byPointer.values());
        all.add(0, top);
        for (SchemaNode start : all) {
            if (state.containsKey(start)) {
                continue;
            }
            Deque<Iterator<SchemaNode>> stack = new ArrayDeque<>();
            Deque<SchemaNode> path = new ArrayDeque<>();
            state.put(start, 1);
            path.push(start);
            stack.push(start.sameValue.iterator());
            while (!stack.isEmpty()) {
                Iterator<SchemaNode> next = stack.peek();
                if (!next.hasNext()) {
                    stack.pop();
                    state.put(path.pop(), 2);
                    continue;
                }
                SchemaNode child = next.next();
                Integer seen = state.get(child);
                if (seen == null) {
                    state.put(child, 1);
                    path.push(child);
                    stack.push(child.sameValue.iterator());
                } else if (seen == 1) {
                    throw new InvalidSchemaException(child.pointer, "a $ref cycle (" + cycle(path, child)
                            + ") applies schemas to the same value forever; a recursive schema must go into a"
                            + " property or an item before it refers back");
                }
            }
        }
    }

    private static String cycle(Deque<SchemaNode> path, SchemaNode repeated) {
        List<String> pointers = new ArrayList<>();
        for (Iterator<SchemaNode> it = path.descendingIterator(); it.hasNext(); ) {
            SchemaNode node = it.next();
            if (node == repeated || !pointers.isEmpty()) {
                pointers.add(node.pointer);
            }
        }
        pointers.add(repeated.pointer);
        return JsonValues.excerpt(String.join(" → ", pointers), 300);
    }

    /** A {@code $ref}'s canonical pointer ({@code #/a/b}), or an error for anything but a local reference. */
    private static String target(String ref, String at) {
        if (!ref.startsWith("#")) {
            throw new InvalidSchemaException(at, "only references inside the schema (\"#/$defs/Name\") are"
                    + " supported, not '" + JsonValues.excerpt(ref, 80) + "'");
        }
        if (ref.length() > 1 && ref.charAt(1) != '/') {
            throw new InvalidSchemaException(at, "'" + JsonValues.excerpt(ref, 80) + "' is an anchor reference;"
                    + " use a JSON pointer such as \"#/$defs/Name\"");
        }
        StringBuilder decoded = new StringBuilder(ref.length());
        for (int i = 0; i < ref.length(); i++) {
            char c = ref.charAt(i);
            if (c == '%' && i + 2 < ref.length() && hex(ref.charAt(i + 1)) >= 0 && hex(ref.charAt(i + 2)) >= 0) {
                decoded.append((char) (hex(ref.charAt(i + 1)) * 16 + hex(ref.charAt(i + 2))));
                i += 2;
            } else {
                decoded.append(c);
            }
        }
        return decoded.toString();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    /** The members of an object-valued keyword, in order. */
    static Map<String, JsonNode> object(JsonNode value, String pointer, String keyword) {
        if (!value.isObject()) {
            throw new InvalidSchemaException(pointer + "/" + keyword, "must be an object");
        }
        Map<String, JsonNode> members = new LinkedHashMap<>();
        value.fields().forEachRemaining(e -> members.put(e.getKey(), e.getValue()));
        return members;
    }

    /** A non-negative integer keyword, or -1 when absent. */
    static int count(JsonNode schema, String keyword, String pointer) {
        JsonNode value = schema.get(keyword);
        if (value == null) {
            return -1;
        }
        if (!JsonValues.isInteger(value) || JsonValues.decimal(value).signum() < 0) {
            throw new InvalidSchemaException(pointer + "/" + keyword, "must be a non-negative integer, got "
                    + JsonValues.describe(value));
        }
        BigDecimal d = JsonValues.decimal(value);
        return d.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0 ? Integer.MAX_VALUE : d.intValue();
    }

    /** A number keyword, or null when absent. */
    static BigDecimal number(JsonNode schema, String keyword, String pointer) {
        JsonNode value = schema.get(keyword);
        if (value == null) {
            return null;
        }
        BigDecimal d = value.isNumber() ? JsonValues.decimal(value) : null;
        if (d == null) {
            throw new InvalidSchemaException(pointer + "/" + keyword, "must be a finite number, got "
                    + JsonValues.describe(value));
        }
        return d;
    }

    /** A {@code pattern}, compiled to run in linear time. */
    static com.google.re2j.Pattern regex(JsonNode pattern, String pointer) {
        if (!pattern.isTextual()) {
            throw new InvalidSchemaException(pointer, "must be a regular expression string");
        }
        try {
            return com.google.re2j.Pattern.compile(pattern.textValue());
        } catch (com.google.re2j.PatternSyntaxException e) {
            throw new InvalidSchemaException(pointer, "'" + JsonValues.excerpt(pattern.textValue(), 80)
                    + "' cannot be used: " + e.getDescription() + " (patterns run in linear time: no look-around"
                    + " or back-references)");
        }
    }
}
