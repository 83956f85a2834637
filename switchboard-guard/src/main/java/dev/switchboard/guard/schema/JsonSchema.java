package dev.switchboard.guard.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A compiled JSON Schema (draft 2020-12, with draft-07's {@code definitions}, {@code dependencies}
 * and array-form {@code items}), checked once and then used for any number of validations.
 *
 * <p>Made for schemas from requests — tool parameters and {@code response_format}: compiling refuses
 * what it cannot honour ({@code unevaluatedProperties}, remote {@code $ref}s, patterns that need
 * backtracking) with an {@link InvalidSchemaException} naming the place, and every run is bounded by
 * {@link SchemaLimits}: a schema's size and depth, {@code $ref} cycles that never descend into the
 * value (refused), patterns run in linear time (RE2/J), and a step budget per validation past which
 * the value is reported as not validated — never as valid.
 *
 * <p>Immutable and thread-safe.
 */
public final class JsonSchema {

    private final SchemaNode root;
    private final SchemaLimits limits;

    private JsonSchema(SchemaNode root, SchemaLimits limits) {
        this.root = root;
        this.limits = limits;
    }

    /** @throws InvalidSchemaException naming where the schema is wrong or cannot be used */
    public static JsonSchema compile(JsonNode schema) {
        return compile(schema, SchemaLimits.defaults());
    }

    /** @throws InvalidSchemaException naming where the schema is wrong or cannot be used */
    public static JsonSchema compile(JsonNode schema, SchemaLimits limits) {
        return new JsonSchema(SchemaCompiler.compile(schema, limits), limits);
    }

    /**
     * The ways {@code value} breaks this schema, at most {@link SchemaLimits#maxViolations()}; empty
     * when it is valid.
     */
    public List<SchemaViolation> validate(JsonNode value) {
        Validation validation = new Validation(limits);
        try {
            root.validate(value, Location.ROOT, validation);
        } catch (Validation.BudgetExceeded e) {
            return List.of(new SchemaViolation("$", "could not be checked within " + limits.maxSteps()
                    + " steps and " + Validation.MAX_DEPTH + " nested subschemas; simplify the schema or the value"));
        } catch (StackOverflowError e) {
            return List.of(new SchemaViolation("$", "is nested too deeply to be checked"));
        }
        return List.copyOf(validation.violations());
    }

    /**
     * Parses {@code text} as one JSON value and validates it: text that is not JSON, or longer than
     * {@link SchemaLimits#maxDocumentChars()}, is one violation at {@code $}.
     */
    public List<SchemaViolation> validateText(String text) {
        if (text.length() > limits.maxDocumentChars()) {
            return List.of(new SchemaViolation("$", "is " + text.length() + " characters long; at most "
                    + limits.maxDocumentChars() + " are checked"));
        }
        JsonNode value;
        try {
            value = text.isBlank() ? null : Json.parse(text.getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            return List.of(new SchemaViolation("$", "is not valid JSON: " + JsonValues.excerpt(e.getOriginalMessage(), 160)
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")")));
        } catch (IOException e) {
            return List.of(new SchemaViolation("$", "is not valid JSON"));
        }
        if (value == null || value.isMissingNode()) {
            return List.of(new SchemaViolation("$", "is empty; expected a JSON value"));
        }
        return validate(value);
    }
}
