package dev.switchboard.guard.schema;

/**
 * Bounds on the work one schema may cause, so that a hostile schema or answer costs at most a known
 * amount of CPU and memory.
 *
 * @param maxSchemaNodes most subschemas (JSON objects and booleans in schema position) a schema may
 *     have, counting each {@code $ref} target once; default 10000
 * @param maxSchemaDepth deepest nesting of subschemas; default 64
 * @param maxSteps most subschema evaluations one validation may take; past it the value is reported
 *     as not validated (never as valid); default 1000000
 * @param maxViolations most violations one validation reports; default 10
 * @param maxDocumentChars longest JSON text that is parsed and validated, in chars; default 1000000
 */
public record SchemaLimits(int maxSchemaNodes, int maxSchemaDepth, int maxSteps, int maxViolations,
                           int maxDocumentChars) {

    public SchemaLimits {
        if (maxSchemaNodes < 1 || maxSchemaDepth < 1 || maxSteps < 1 || maxViolations < 1 || maxDocumentChars < 1) {
            throw new IllegalArgumentException("schema limits must be at least 1: " + maxSchemaNodes + ", "
                    + maxSchemaDepth + ", " + maxSteps + ", " + maxViolations + ", " + maxDocumentChars);
        }
    }

    public static SchemaLimits defaults() {
        return new SchemaLimits(10_000, 64, 200_000, 10, 1_000_000);
    }
}
