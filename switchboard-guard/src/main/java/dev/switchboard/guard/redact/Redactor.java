package dev.switchboard.guard.redact;

import dev.switchboard.guard.pii.Finding;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Puts operators' replacements in place of findings: one operator per entity type, a default for
 * the others. Findings must be ordered by start and must not overlap, as
 * {@link dev.switchboard.guard.pii.Analyzer#analyze} returns them.
 *
 * <p>Immutable; thread-safe when its operators are (a redactor bound to a request's vault belongs
 * to that request).
 */
public final class Redactor {

    private final Map<String, Operator> byType;
    private final Operator fallback;

    /**
     * @param byType the operator of each entity type that has its own
     * @param fallback the operator of every other type
     */
    public Redactor(Map<String, Operator> byType, Operator fallback) {
        this.byType = Map.copyOf(byType);
        this.fallback = fallback;
    }

    /** One operator for every entity type. */
    public static Redactor of(Operator operator) {
        return new Redactor(Map.of(), operator);
    }

    /** This redactor for one request, pseudonymizing into {@code vault}. */
    public Redactor boundTo(PseudonymVault vault) {
        Map<String, Operator> bound = new java.util.HashMap<>(byType.size());
        byType.forEach((type, operator) -> bound.put(type, operator.boundTo(vault)));
        return new Redactor(bound, fallback.boundTo(vault));
    }

    /** The operator applied to findings of {@code type}. */
    public Operator operatorFor(String type) {
        return byType.getOrDefault(type, fallback);
    }

    /** {@code text} with each finding replaced by its operator's output. */
    public String redact(String text, List<Finding> findings) {
        return redact(text, findings, UnaryOperator.identity());
    }

    /**
     * {@code text} with each finding replaced by its operator's output passed through
     * {@code escape} (e.g. JSON string escaping, for text that is itself inside JSON).
     *
     * @throws IllegalArgumentException when findings are out of order, overlap or lie outside the text
     */
    public String redact(String text, List<Finding> findings, UnaryOperator<String> escape) {
        if (findings.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16 * findings.size());
        int copied = 0;
        for (Finding finding : findings) {
            if (finding.start() < copied || finding.end() > text.length()) {
                throw new IllegalArgumentException("findings must be ordered, apart and inside the text of "
                        + text.length() + " chars: " + finding);
            }
            out.append(text, copied, finding.start());
            String original = text.substring(finding.start(), finding.end());
            out.append(escape.apply(operatorFor(finding.type()).apply(finding.type(), original)));
            copied = finding.end();
        }
        return out.append(text, copied, text.length()).toString();
    }
}
