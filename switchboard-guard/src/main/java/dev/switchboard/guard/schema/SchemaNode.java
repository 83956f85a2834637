package dev.switchboard.guard.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One compiled (sub)schema: the keywords that assert something, in schema order; or a boolean
 * schema. Immutable once its compiler is done, and then thread-safe.
 */
final class SchemaNode {

    final String pointer;
    /** Subschemas applied to the same value (allOf, anyOf, $ref, ...): their cycles never end. */
    final List<SchemaNode> sameValue = new ArrayList<>(2);
    private final Boolean constant;
    private Keyword[] keywords = new Keyword[0];

    private SchemaNode(String pointer, Boolean constant) {
        this.pointer = pointer;
        this.constant = constant;
    }

    static SchemaNode of(String pointer) {
        return new SchemaNode(pointer, null);
    }

    static SchemaNode constant(String pointer, boolean accepts) {
        return new SchemaNode(pointer, accepts);
    }

    void keywords(List<Keyword> compiled) {
        keywords = compiled.toArray(new Keyword[0]);
    }

    boolean acceptsEverything() {
        return Boolean.TRUE.equals(constant) || constant == null && keywords.length == 0;
    }

    boolean rejectsEverything() {
        return Boolean.FALSE.equals(constant);
    }

    boolean validate(JsonNode value, Location at, Validation validation) {
        validation.step();
        if (constant != null) {
            return constant || validation.fail(at, "no value is allowed here");
        }
        validation.enter();
        try {
            boolean valid = true;
            for (Keyword keyword : keywords) {
                if (!keyword.check(value, at, validation)) {
                    valid = false;
                    if (validation.quiet() || validation.full()) {
                        return false;
                    }
                }
            }
            return valid;
        } finally {
            validation.exit();
        }
    }
}
