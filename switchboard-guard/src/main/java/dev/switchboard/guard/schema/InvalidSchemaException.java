package dev.switchboard.guard.schema;

/**
 * A schema that cannot be used: malformed keywords, references that point nowhere or only at
 * themselves, unsupported features, or a size past {@link SchemaLimits}. Carries no stack trace: it
 * is a verdict on input, not a bug.
 */
public final class InvalidSchemaException extends RuntimeException {

    private final String pointer;
    private final String reason;

    InvalidSchemaException(String pointer, String reason) {
        super((pointer.equals("#") ? "" : "at " + pointer + ": ") + reason, null, false, false);
        this.pointer = pointer;
        this.reason = reason;
    }

    /** Where in the schema the problem is, as a JSON pointer fragment ({@code #/properties/age}). */
    public String pointer() {
        return pointer;
    }

    /** What is wrong, without the location. */
    public String reason() {
        return reason;
    }
}
