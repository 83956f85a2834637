package dev.switchboard.guard.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The official JSON Schema Test Suite (draft 4, from the npm package json-schema-test-suite 0.0.10,
 * MIT, in src/test/resources/json-schema-test-suite): every case of every group whose schema
 * compiles must give the suite's verdict, except the two where draft 4 and draft 2020-12 (which
 * this validator follows) disagree, listed here. The 7 groups whose schema refers to another
 * document (a remote URL, the draft-04 meta-schema) are refused, as documented, and not run.
 */
class SchemaSuiteTest {

    private static final List<String> FILES = List.of("additionalItems", "additionalProperties", "allOf", "anyOf",
            "default", "definitions", "dependencies", "enum", "items", "maxItems", "maxLength", "maxProperties",
            "maximum", "minItems", "minLength", "minProperties", "minimum", "multipleOf", "not", "oneOf", "pattern",
            "patternProperties", "properties", "ref", "refRemote", "required", "type", "uniqueItems",
            "optional/bignum", "optional/format", "optional/zeroTerminatedFloats");

    /** Cases where draft 2020-12, which this validator follows, gives another verdict than draft 4. */
    private static final Set<String> DRAFT_DIFFERENCES = Set.of(
            // since draft 6, 1.0 is an integer
            "optional/zeroTerminatedFloats: some languages do not distinguish between different types of numeric value"
                    + " / a float is not an integer even without fractional part",
            // since draft 6, "uri" is an absolute URI; relative ones are "uri-reference"
            "optional/format: validation of URIs / a valid protocol-relative URI");

    @Test
    void theValidatorGivesTheSuitesVerdicts() throws IOException {
        List<String> failures = new ArrayList<>();
        Set<String> refused = new TreeSet<>();
        int cases = 0;
        int passed = 0;
        for (String file : FILES) {
            for (JsonNode group : load(file)) {
                String groupName = file + ": " + group.get("description").asText();
                JsonSchema schema;
                try {
                    schema = JsonSchema.compile(group.get("schema"));
                } catch (InvalidSchemaException e) {
                    refused.add(groupName + " (" + e.getMessage() + ")");
                    continue;
                }
                for (JsonNode test : group.get("tests")) {
                    String name = groupName + " / " + test.get("description").asText();
                    cases++;
                    boolean valid = schema.validate(test.get("data")).isEmpty();
                    if (valid == test.get("valid").asBoolean() || DRAFT_DIFFERENCES.contains(name)) {
                        passed++;
                    } else {
                        failures.add(name + ": expected " + (test.get("valid").asBoolean() ? "valid" : "invalid"));
                    }
                }
            }
        }
        System.out.println("JSON Schema Test Suite draft 4: " + passed + " of " + cases + " cases ("
                + DRAFT_DIFFERENCES.size() + " as draft 2020-12 has them); refused groups: " + refused);
        assertThat(refused).as("only groups with remote references are refused")
                .allMatch(g -> g.contains("only references inside the schema")).hasSize(7);
        assertThat(cases).as("every other case ran").isEqualTo(283);
        assertThat(failures).as("cases with another verdict than the suite's").isEmpty();
    }

    private static JsonNode load(String file) throws IOException {
        try (InputStream in = SchemaSuiteTest.class.getResourceAsStream("/json-schema-test-suite/draft4/" + file + ".json")) {
            return Json.MAPPER.readTree(in);
        }
    }
}
