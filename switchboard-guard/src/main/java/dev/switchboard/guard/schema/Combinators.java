package dev.switchboard.guard.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * allOf, anyOf, oneOf, not and if/then/else. When no alternative of anyOf or oneOf fits, the
 * first violation of the closest one (fewest violations, another type of value counting as far) is
 * reported, which tells a model more than
 * "matches none".
 */
final class Combinators {

    private Combinators() {
    }

    static Keyword allOf(List<SchemaNode> branches) {
        return (value, at, v) -> {
            boolean valid = true;
            for (SchemaNode branch : branches) {
                valid &= branch.validate(value, at, v);
                if (!valid && (v.quiet() || v.full())) {
                    return false;
                }
            }
            return valid;
        };
    }

    static Keyword anyOf(List<SchemaNode> branches) {
        return (value, at, v) -> {
            for (SchemaNode branch : branches) {
                if (v.quietly(branch, value, at)) {
                    return true;
                }
            }
            return v.quiet() ? false : closest("anyOf", branches, value, at, v);
        };
    }

    static Keyword oneOf(List<SchemaNode> branches) {
        return (value, at, v) -> {
            List<Integer> matching = new ArrayList<>(2);
            for (int i = 0; i < branches.size(); i++) {
                if (v.quietly(branches.get(i), value, at)) {
                    matching.add(i);
                    if (matching.size() == 2) {
                        return v.fail(at, "matches oneOf alternatives " + matching.get(0) + " and " + matching.get(1)
                                + "; it must match exactly one");
                    }
                }
            }
            if (matching.size() == 1) {
                return true;
            }
            return v.quiet() ? false : closest("oneOf", branches, value, at, v);
        };
    }

    static Keyword not(SchemaNode negated) {
        return (value, at, v) -> !v.quietly(negated, value, at)
                || v.fail(at, "must not match the 'not' schema, got " + JsonValues.describe(value));
    }

    static Keyword conditional(SchemaNode test, SchemaNode then, SchemaNode otherwise) {
        return (value, at, v) -> {
            SchemaNode applies = v.quietly(test, value, at) ? then : otherwise;
            return applies == null || applies.validate(value, at, v);
        };
    }

    private static boolean closest(String keyword, List<SchemaNode> branches, com.fasterxml.jackson.databind.JsonNode value,
                                   Location at, Validation v) {
        List<SchemaViolation> best = null;
        int bestIndex = 0;
        int bestDistance = Integer.MAX_VALUE;
        String here = at.toString();
        for (int i = 0; i < branches.size(); i++) {
            List<SchemaViolation> found = v.separately(branches.get(i), value, at);
            int distance = found.size();
            for (SchemaViolation violation : found) {
                if (violation.path().equals(here) && violation.message().startsWith("expected ")) {
                    distance += 1000; // an alternative for another type of value is the furthest
                }
            }
            if (distance < bestDistance) {
                best = found;
                bestIndex = i;
                bestDistance = distance;
            }
        }
        String detail = best == null || best.isEmpty() ? "" : "; closest is alternative " + bestIndex + ": "
                + best.get(0);
        return v.fail(at, "matches none of the " + branches.size() + " " + keyword + " alternatives" + detail);
    }
}
