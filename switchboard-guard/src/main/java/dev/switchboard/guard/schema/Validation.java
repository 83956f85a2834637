package dev.switchboard.guard.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The state of one validation run: the violations found, and the step budget. While
 * {@link #quietly} runs (inside {@code anyOf}, {@code not}, {@code if} ...), violations are not
 * recorded, only whether there was one, and nodes stop at their first failing keyword.
 */
final class Validation {

    /** Thrown when the step budget is spent; the value is then reported as not validated. */
    static final class BudgetExceeded extends RuntimeException {
        BudgetExceeded() {
            super(null, null, false, false);
        }
    }

    private final int maxSteps;
    private final int maxViolations;
    private final List<SchemaViolation> violations = new ArrayList<>();
    private int steps;
    private int quiet;
    private int depth;

    Validation(SchemaLimits limits) {
        this.maxSteps = limits.maxSteps();
        this.maxViolations = limits.maxViolations();
    }

    /** Counts one subschema evaluation. @throws BudgetExceeded past the budget */
    void step() {
        if (++steps > maxSteps) {
            throw new BudgetExceeded();
        }
    }

    /**
     * Enters one subschema evaluation, nested in the ones under way. Values nest at most 256 deep
     * (the JSON parser's limit) and schemas refer on without descending at most a little, so the
     * bound is never reached by honest input; it keeps the Java stack safe from the rest.
     *
     * @throws BudgetExceeded past {@value #MAX_DEPTH} nested evaluations
     */
    void enter() {
        if (++depth > MAX_DEPTH) {
            throw new BudgetExceeded();
        }
    }

    void exit() {
        depth--;
    }

    /** Most nested subschema evaluations. */
    static final int MAX_DEPTH = 1000;

    boolean quiet() {
        return quiet > 0;
    }

    /** Records a violation (unless quiet); always returns false, so keywords can {@code return fail(...)}. */
    boolean fail(Location at, String message) {
        if (quiet == 0 && violations.size() < maxViolations) {
            violations.add(new SchemaViolation(at.toString(), message));
        }
        return false;
    }

    /** True when enough violations are recorded that looking further is wasted work. */
    boolean full() {
        return quiet == 0 && violations.size() >= maxViolations;
    }

    /** Whether {@code node} accepts {@code value}, without recording anything. */
    boolean quietly(SchemaNode node, JsonNode value, Location at) {
        quiet++;
        try {
            return node.validate(value, at, this);
        } finally {
            quiet--;
        }
    }

    /** The violations {@code node} finds in {@code value}, recorded apart from this run's (same budget). */
    List<SchemaViolation> separately(SchemaNode node, JsonNode value, Location at) {
        Validation scratch = new Validation(new SchemaLimits(1, 1, maxSteps, maxViolations, 1));
        scratch.steps = steps;
        scratch.depth = depth;
        try {
            node.validate(value, at, scratch);
        } finally {
            steps = scratch.steps;
        }
        return scratch.violations;
    }

    List<SchemaViolation> violations() {
        return violations;
    }

    int steps() {
        return steps;
    }
}
