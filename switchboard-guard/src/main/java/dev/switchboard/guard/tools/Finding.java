package dev.switchboard.guard.tools;

import dev.switchboard.guard.schema.SchemaViolation;
import java.util.List;

/**
 * One part of an answer that breaks its schema.
 *
 * @param choice the choice it is in
 * @param tool the tool whose call has bad arguments; null for the answer's content
 * @param callIndex position of that call in the choice's tool calls; -1 for the content
 * @param violations what is wrong, at least one
 */
record Finding(Answer.Choice choice, String tool, int callIndex, List<SchemaViolation> violations) {

    boolean aboutContent() {
        return tool == null;
    }

    /** The violations as lines for a message: {@code - $.age: expected integer, got string "x"}. */
    String list(int max) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < violations.size() && i < max; i++) {
            text.append(i == 0 ? "" : "\n").append("- ").append(violations.get(i));
        }
        return text.toString();
    }

    /** The violations on one line, for an error message. */
    String inline(int max) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < violations.size() && i < max; i++) {
            text.append(i == 0 ? "" : "; ").append(violations.get(i));
        }
        return text.toString();
    }
}
