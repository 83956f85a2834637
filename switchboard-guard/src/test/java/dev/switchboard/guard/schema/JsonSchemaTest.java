package dev.switchboard.guard.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonSchemaTest {

    static JsonNode json(String text) {
        try {
            return Json.parse(text.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static JsonSchema schema(String text) {
        return JsonSchema.compile(json(text));
    }

    static List<String> violations(String schema, String value) {
        return schema(schema).validate(json(value)).stream().map(SchemaViolation::toString).toList();
    }

    private static final String WEATHER = """
            {'type': 'object',
             'properties': {'city': {'type': 'string', 'minLength': 2},
                            'days': {'type': 'integer', 'minimum': 1, 'maximum': 14},
                            'unit': {'enum': ['c', 'f']}},
             'required': ['city', 'days'],
             'additionalProperties': false}""";

    @Test
    void aMatchingObjectHasNoViolations() {
        assertThat(violations(WEATHER, "{'city': 'Oslo', 'days': 3, 'unit': 'c'}")).isEmpty();
    }

    @Test
    void eachViolationNamesItsPathAndWhatWasExpected() {
        assertThat(violations(WEATHER, "{'city': 7, 'days': 30, 'unit': 'k', 'extra': true}")).containsExactly(
                "$.city: expected string, got integer 7",
                "$.days: must be <= 14, got 30",
                "$.unit: must be one of [\"c\",\"f\"], got string \"k\"",
                "$.extra: property 'extra' is not allowed; allowed: city, days, unit");
    }

    @Test
    void missingRequiredPropertiesAreNamed() {
        assertThat(violations(WEATHER, "{'city': 'Oslo'}")).containsExactly("$: missing required property 'days'");
    }

    @Test
    void integersMayBeWrittenWithAZeroFraction() {
        assertThat(violations("{'type': 'integer'}", "1.0")).isEmpty();
        assertThat(violations("{'type': 'integer'}", "1.5")).containsExactly("$: expected integer, got number 1.5");
        assertThat(violations("{'type': 'number'}", "3")).isEmpty();
    }

    @Test
    void enumsAndConstCompareNumbersByValueAndObjectsRegardlessOfOrder() {
        assertThat(violations("{'enum': [1, {'a': 1, 'b': [2]}]}", "1.0")).isEmpty();
        assertThat(violations("{'const': {'a': 1, 'b': 2}}", "{'b': 2.0, 'a': 1}")).isEmpty();
        assertThat(violations("{'const': 'x'}", "'y'")).containsExactly("$: must be \"x\", got string \"y\"");
    }

    @Test
    void multipleOfIsExactForDecimals() {
        assertThat(violations("{'multipleOf': 0.01}", "0.3")).isEmpty();
        assertThat(violations("{'multipleOf': 0.01}", "0.305")).hasSize(1);
    }

    @Test
    void nullableAllowsNullAsInOpenApi() {
        assertThat(violations("{'type': 'string', 'nullable': true}", "null")).isEmpty();
        assertThat(violations("{'type': ['string', 'null']}", "null")).isEmpty();
        assertThat(violations("{'type': 'string'}", "null")).containsExactly("$: expected string, got null");
    }

    @Test
    void localReferencesIntoDefsAndDefinitionsResolve() {
        String schema = """
                {'type': 'object', 'properties': {'home': {'$ref': '#/$defs/Address'},
                                                  'work': {'$ref': '#/definitions/Address'}},
                 '$defs': {'Address': {'type': 'object', 'required': ['city']}},
                 'definitions': {'Address': {'$ref': '#/$defs/Address'}}}""";
        assertThat(violations(schema, "{'home': {'city': 'Oslo'}, 'work': {}}"))
                .containsExactly("$.work: missing required property 'city'");
    }

    @Test
    void recursiveSchemasThatDescendIntoTheValueAreFine() {
        String tree = """
                {'$defs': {'node': {'type': 'object', 'properties': {
                    'name': {'type': 'string'},
                    'children': {'type': 'array', 'items': {'$ref': '#/$defs/node'}}}}},
                 '$ref': '#/$defs/node'}""";
        assertThat(violations(tree, "{'name': 'a', 'children': [{'name': 'b', 'children': [{'name': 3}]}]}"))
                .containsExactly("$.children[0].children[0].name: expected string, got integer 3");
    }

    @Test
    void refCyclesThatNeverDescendAreRefused() {
        assertThatThrownBy(() -> schema("{'$ref': '#'}")).isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("$ref cycle");
        assertThatThrownBy(() -> schema("""
                {'$defs': {'a': {'allOf': [{'$ref': '#/$defs/b'}]}, 'b': {'anyOf': [{'$ref': '#/$defs/a'}]}},
                 '$ref': '#/$defs/a'}"""))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("#/$defs/a").hasMessageContaining("#/$defs/b");
    }

    @Test
    void cyclesThroughDependentSchemasAreRefusedToo() {
        assertThatThrownBy(() -> schema("{'dependentSchemas': {'a': {'$ref': '#'}}}"))
                .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("$ref cycle");
        assertThatThrownBy(() -> schema("{'dependencies': {'a': {'not': {'$ref': '#'}}}}"))
                .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("$ref cycle");
    }

    @Test
    void referencesThatPointNowhereOrOutsideAreRefused() {
        assertThatThrownBy(() -> schema("{'$ref': '#/$defs/Missing'}")).isInstanceOf(InvalidSchemaException.class)
                .hasMessage("at #/$ref: '#/$defs/Missing' points nowhere in this schema");
        assertThatThrownBy(() -> schema("{'$ref': 'https://example.com/schema.json'}"))
                .hasMessageContaining("only references inside the schema");
    }

    @Test
    void malformedKeywordsAreRefusedWithTheirPointer() {
        assertThatThrownBy(() -> schema("{'properties': {'a': {'type': 'strin'}}}"))
                .hasMessage("at #/properties/a/type: unknown type 'strin'; one of array, boolean, integer, null,"
                        + " number, object, string");
        assertThatThrownBy(() -> schema("{'minLength': -1}")).hasMessageContaining("#/minLength");
        assertThatThrownBy(() -> schema("{'required': 'a'}")).hasMessageContaining("#/required");
        assertThatThrownBy(() -> schema("{'properties': {'a': 5}}"))
                .hasMessageContaining("#/properties/a: a schema must be an object or a boolean");
        assertThatThrownBy(() -> schema("{'anyOf': []}")).hasMessageContaining("#/anyOf");
        assertThatThrownBy(() -> schema("{'multipleOf': 0}")).hasMessageContaining("#/multipleOf");
    }

    @Test
    void unsupportedKeywordsAreRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> schema("{'unevaluatedProperties': false}"))
                .hasMessageContaining("'unevaluatedProperties' is not supported");
    }

    @Test
    void patternsNeedingBacktrackingAreRefusedAndOthersRunInLinearTime() {
        assertThatThrownBy(() -> schema("{'pattern': '(?=a)b'}")).hasMessageContaining("#/pattern")
                .hasMessageContaining("linear time");
        JsonSchema evil = schema("{'pattern': '^(a+)+$'}");
        String attack = "'" + "a".repeat(50_000) + "!'";
        assertThat(evil.validate(json(attack))).hasSize(1);
    }

    @Test
    void deeplyNestedSchemasAreRefused() {
        String deep = "{'items': ".repeat(100) + "{}" + "}".repeat(100);
        assertThatThrownBy(() -> JsonSchema.compile(json(deep)))
                .hasMessageContaining("nested more than 64 deep");
    }

    @Test
    void schemasWithTooManySubschemasAreRefused() {
        StringBuilder wide = new StringBuilder("{'properties': {");
        for (int i = 0; i < 20_000; i++) {
            wide.append(i == 0 ? "" : ",").append("'p").append(i).append("': {}");
        }
        wide.append("}}");
        assertThatThrownBy(() -> JsonSchema.compile(json(wide.toString())))
                .hasMessageContaining("more than 10000 subschemas");
    }

    @Test
    void anExponentialSchemaRunsOutOfStepsAndIsNotCalledValid() {
        // each level doubles the work of checking a value that fails at the bottom
        String schema = "{'type': 'integer'}";
        for (int i = 0; i < 40; i++) {
            schema = "{'oneOf': [" + schema + ", " + schema.replace("integer", "integer") + "]}";
            if (schema.length() > 200_000) {
                break;
            }
        }
        JsonSchema heavy = JsonSchema.compile(json(schema), new SchemaLimits(1_000_000, 64, 10_000, 10, 1000));
        List<SchemaViolation> found = heavy.validate(json("'x'"));
        assertThat(found).hasSize(1);
        assertThat(found.get(0).message()).contains("could not be checked within 10000 steps");
    }

    @Test
    void longChainsOfReferencesAreBoundedNotAStackOverflow() {
        StringBuilder chain = new StringBuilder("{'$ref': '#/$defs/d0', '$defs': {");
        for (int i = 0; i < 5000; i++) {
            chain.append("'d").append(i).append("': {'allOf': [{'$ref': '#/$defs/d").append(i + 1).append("'}]},");
        }
        chain.append("'d5000': {'type': 'integer'}}}");
        JsonSchema long5000 = JsonSchema.compile(json(chain.toString()), new SchemaLimits(20_000, 64, 1_000_000, 10, 1000));

        List<SchemaViolation> found = long5000.validate(json("1"));

        assertThat(found).hasSize(1);
        assertThat(found.get(0).message()).contains("1000 nested subschemas");
    }

    @Test
    void anyOfReportsTheClosestAlternative() {
        List<String> found = violations("""
                {'anyOf': [{'type': 'string'},
                           {'type': 'object', 'required': ['a', 'b'], 'properties': {'a': {'type': 'integer'}}}]}""",
                "{'a': 1}");
        assertThat(found).containsExactly("$: matches none of the 2 anyOf alternatives; closest is alternative 1:"
                + " $: missing required property 'b'");
    }

    @Test
    void oneOfRefusesAValueMatchingTwoAlternatives() {
        assertThat(violations("{'oneOf': [{'type': 'integer'}, {'minimum': 0}]}", "5")).containsExactly(
                "$: matches oneOf alternatives 0 and 1; it must match exactly one");
        assertThat(violations("{'oneOf': [{'type': 'integer'}, {'minimum': 0}]}", "-5")).isEmpty();
    }

    @Test
    void conditionalsApplyThenOrElse() {
        String schema = """
                {'if': {'properties': {'kind': {'const': 'card'}}},
                 'then': {'required': ['number']}, 'else': {'required': ['iban']}}""";
        assertThat(violations(schema, "{'kind': 'card'}")).containsExactly("$: missing required property 'number'");
        assertThat(violations(schema, "{'kind': 'bank'}")).containsExactly("$: missing required property 'iban'");
        assertThat(violations("{'not': {'type': 'null'}}", "null")).hasSize(1);
    }

    @Test
    void arraysHonourTuplesContainsAndUniqueness() {
        assertThat(violations("{'prefixItems': [{'type': 'string'}, {'type': 'integer'}], 'items': false}",
                "['a', 1, 2]")).containsExactly("$: must have at most 2 items, got 3");
        assertThat(violations("{'items': [{'type': 'string'}], 'additionalItems': {'type': 'integer'}}",
                "['a', 'b']")).containsExactly("$[1]: expected integer, got string \"b\"");
        assertThat(violations("{'contains': {'type': 'integer'}, 'minContains': 2}", "[1, 'a']"))
                .containsExactly("$: must contain at least 2 items matching 'contains', got 1");
        assertThat(violations("{'uniqueItems': true}", "[1, {'a': 1}, 1.0]"))
                .containsExactly("$: items 0 and 2 are equal; items must be unique");
        assertThat(violations("{'minItems': 1, 'maxItems': 2}", "[]")).containsExactly(
                "$: must have at least 1 items, got 0");
    }

    @Test
    void objectsHonourPatternPropertiesNamesAndDependencies() {
        assertThat(violations("{'patternProperties': {'^x-': {'type': 'string'}}, 'additionalProperties': false}",
                "{'x-a': 'ok', 'y': 1}")).containsExactly("$.y: property 'y' is not allowed");
        assertThat(violations("{'propertyNames': {'maxLength': 3}}", "{'long name': 1}")).containsExactly(
                "$: property name 'long name' does not match propertyNames");
        assertThat(violations("{'dependentRequired': {'card': ['cvc']}}", "{'card': '4111'}")).containsExactly(
                "$: property 'cvc' is required when 'card' is present");
        assertThat(violations("{'minProperties': 2}", "{'a': 1}")).hasSize(1);
    }

    @Test
    void knownFormatsAreCheckedAndUnknownOnesPass() {
        assertThat(violations("{'format': 'date-time'}", "'2024-05-01T13:45:00Z'")).isEmpty();
        assertThat(violations("{'format': 'date-time'}", "'yesterday'")).hasSize(1);
        assertThat(violations("{'format': 'date'}", "'2024-02-30'")).hasSize(1);
        assertThat(violations("{'format': 'email'}", "'a@example.com'")).isEmpty();
        assertThat(violations("{'format': 'uuid'}", "'nope'")).hasSize(1);
        assertThat(violations("{'format': 'ipv4'}", "'256.1.1.1'")).hasSize(1);
        assertThat(violations("{'format': 'ipv6'}", "'::1'")).isEmpty();
        assertThat(violations("{'format': 'x-custom'}", "'anything'")).isEmpty();
    }

    @Test
    void stringLengthCountsCodePoints() {
        assertThat(violations("{'maxLength': 2}", "'😀😀'")).isEmpty();
        assertThat(violations("{'maxLength': 1}", "'😀😀'")).containsExactly(
                "$: must be at most 1 characters long, got 2");
    }

    @Test
    void booleanSchemasAcceptOrRejectEverything() {
        assertThat(violations("true", "{'any': 1}")).isEmpty();
        assertThat(violations("false", "1")).containsExactly("$: no value is allowed here");
    }

    @Test
    void textThatIsNotJsonIsOneViolation() {
        List<SchemaViolation> found = schema(WEATHER).validateText("{\"city\": \"Oslo\", ");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).toString()).startsWith("$: is not valid JSON");
        assertThat(schema(WEATHER).validateText("  ")).containsExactly(
                new SchemaViolation("$", "is empty; expected a JSON value"));
    }

    @Test
    void hugeAndDeepDocumentsAreBoundedNotCrashing() {
        JsonSchema anything = JsonSchema.compile(json("{}"), new SchemaLimits(100, 64, 1000, 10, 1000));
        assertThat(anything.validateText("\"" + "x".repeat(2000) + "\"").get(0).message())
                .contains("at most 1000 are checked");
        String deep = "[".repeat(300) + "]".repeat(300);
        assertThat(schema("{'items': {'$ref': '#'}}").validateText(deep).get(0).message())
                .startsWith("is not valid JSON");
    }

    @Test
    void nonFiniteNumbersAreNotValidNumbers() {
        assertThat(violations("{'maximum': 10}", "1e400")).containsExactly("$: must be a finite number");
    }

    @Test
    void violationsAreCappedAtTheLimit() {
        StringBuilder value = new StringBuilder("[");
        for (int i = 0; i < 100; i++) {
            value.append(i == 0 ? "" : ",").append("'x'");
        }
        value.append(']');
        assertThat(violations("{'items': {'type': 'integer'}}", value.toString())).hasSize(10);
    }
}
