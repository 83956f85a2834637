/**
 * JSON Schema validation for schemas that arrive in requests (tool parameters, {@code response_format}):
 * {@link dev.switchboard.guard.schema.JsonSchema} compiles a schema once, refusing what it cannot
 * honour with an {@link dev.switchboard.guard.schema.InvalidSchemaException}, and reports each
 * {@link dev.switchboard.guard.schema.SchemaViolation} of a value with its path. Every step is bounded
 * by {@link dev.switchboard.guard.schema.SchemaLimits}.
 */
package dev.switchboard.guard.schema;
