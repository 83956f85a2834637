package dev.switchboard.guard.schema;

import static dev.switchboard.guard.schema.JsonSchemaTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SchemaCacheTest {

    @Test
    void theSameSchemaIsCompiledOnce() {
        SchemaCache cache = SchemaCache.defaults();

        JsonSchema first = cache.compile(json("{'type': 'object', 'required': ['a']}"));
        JsonSchema again = cache.compile(json("{'type': 'object', 'required': ['a']}"));

        assertThat(again).isSameAs(first);
        assertThat(cache.compile(json("{'type': 'string'}"))).isNotSameAs(first);
    }

    @Test
    void itStaysBoundedAndKeepsNoLongOrBrokenSchemas() {
        SchemaCache cache = new SchemaCache(SchemaLimits.defaults(), 3, 40);
        for (int i = 0; i < 10; i++) {
            cache.compile(json("{'maxLength': " + i + "}"));
        }
        assertThat(cache.size()).isLessThanOrEqualTo(3);

        SchemaCache fresh = new SchemaCache(SchemaLimits.defaults(), 3, 40);
        fresh.compile(json("{'description': '" + "x".repeat(100) + "'}"));
        assertThatThrownBy(() -> fresh.compile(json("{'type': 'nope'}"))).isInstanceOf(InvalidSchemaException.class);
        assertThat(fresh.size()).isZero();
    }
}
