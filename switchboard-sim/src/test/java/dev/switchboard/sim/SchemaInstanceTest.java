package dev.switchboard.sim;

import static dev.switchboard.sim.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class SchemaInstanceTest {

    private static JsonNode instance(String schema) {
        return SchemaInstance.of(json(schema));
    }

    @Test
    void objectGetsEveryRequiredPropertyWithTheDeclaredType() {
        JsonNode value = instance("""
                {"type":"object","required":["s","i","n","b","a","o"],"properties":{
                  "s":{"type":"string"},"i":{"type":"integer"},"n":{"type":"number"},"b":{"type":"boolean"},
                  "a":{"type":"array","items":{"type":"integer"}},
                  "o":{"type":"object","required":["deep"],"properties":{"deep":{"type":"string"}}}}}""");

        assertThat(value.path("s").isTextual()).isTrue();
        assertThat(value.path("i").isIntegralNumber()).isTrue();
        assertThat(value.path("n").isNumber()).isTrue();
        assertThat(value.path("b").isBoolean()).isTrue();
        assertThat(value.path("a").isArray()).isTrue();
        assertThat(value.path("a").get(0).isIntegralNumber()).isTrue();
        assertThat(value.path("o").path("deep").isTextual()).isTrue();
    }

    @Test
    void enumAndConstAreHonoured() {
        JsonNode value = instance("""
                {"type":"object","properties":{"e":{"enum":["b","a"]},"c":{"const":42}}}""");

        assertThat(value.path("e").asText()).isEqualTo("b");
        assertThat(value.path("c").asInt()).isEqualTo(42);
    }

    @Test
    void numericAndLengthBoundsAreMet() {
        JsonNode value = instance("""
                {"type":"object","properties":{
                  "min":{"type":"integer","minimum":5},"exclusive":{"type":"integer","exclusiveMinimum":0},
                  "max":{"type":"number","maximum":-2.5},"fraction":{"type":"integer","minimum":0.5},
                  "long":{"type":"string","minLength":12},"short":{"type":"string","maxLength":3},
                  "few":{"type":"array","minItems":3,"items":{"type":"string"}}}}""");

        assertThat(value.path("min").asInt()).isEqualTo(5);
        assertThat(value.path("exclusive").asInt()).isEqualTo(1);
        assertThat(value.path("max").asDouble()).isEqualTo(-2.5);
        assertThat(value.path("fraction").asInt()).isEqualTo(1);
        assertThat(value.path("long").asText()).hasSizeGreaterThanOrEqualTo(12);
        assertThat(value.path("short").asText()).hasSizeLessThanOrEqualTo(3);
        assertThat(value.path("few")).hasSize(3);
    }

    @Test
    void refsNullableTypesAndAlternativesResolve() {
        JsonNode value = instance("""
                {"type":"object","$defs":{"point":{"type":"object","required":["x"],"properties":{"x":{"type":"number"}}}},
                 "properties":{"p":{"$ref":"#/$defs/point"},"maybe":{"type":["null","integer"]},
                   "either":{"anyOf":[{"type":"boolean"},{"type":"string"}]},
                   "when":{"type":"string","format":"date-time"},
                   "both":{"allOf":[{"type":"object","properties":{"a":{"type":"string"}}},
                                    {"type":"object","properties":{"b":{"type":"integer"}}}]}}}""");

        assertThat(value.path("p").path("x").isNumber()).isTrue();
        assertThat(value.path("maybe").isIntegralNumber()).isTrue();
        assertThat(value.path("either").isBoolean()).isTrue();
        assertThat(value.path("when").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
        assertThat(value.path("both").has("a")).isTrue();
        assertThat(value.path("both").has("b")).isTrue();
    }

    @Test
    void recursiveSchemaIsCutOffInsteadOfRecursingForever() {
        JsonNode value = instance("""
                {"$ref":"#/$defs/node","$defs":{"node":{"type":"object","properties":{"next":{"$ref":"#/$defs/node"}}}}}""");

        assertThat(value.path("next").isObject()).isTrue();
    }

    @Test
    void missingSchemaGivesAnEmptyObject() {
        assertThat(SchemaInstance.of(null).isObject()).isTrue();
        assertThat(SchemaInstance.of(null)).isEmpty();
    }
}
