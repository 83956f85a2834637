package dev.switchboard.guard.schema;

import com.fasterxml.jackson.databind.JsonNode;

/** One compiled assertion of a schema ({@code type}, {@code required}, {@code anyOf} ...). Immutable. */
@FunctionalInterface
interface Keyword {

    /**
     * @return whether {@code value} satisfies this keyword; a false is reported through
     *     {@link Validation#fail} (which returns false)
     */
    boolean check(JsonNode value, Location at, Validation validation);
}
