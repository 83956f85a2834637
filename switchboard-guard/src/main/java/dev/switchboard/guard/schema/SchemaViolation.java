package dev.switchboard.guard.schema;

/**
 * One way a value breaks its schema.
 *
 * @param path where in the value, as {@code $}, {@code $.address.city} or {@code $.items[2]}
 * @param message what is wrong there, e.g. {@code expected integer, got string "12"}
 */
public record SchemaViolation(String path, String message) {

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
