package dev.switchboard.guard.redact;

import dev.switchboard.guard.pii.AnalysisOptions;
import dev.switchboard.guard.pii.Analyzer;
import dev.switchboard.guard.pii.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The redaction of the texts of one request: each text analyzed, its findings counted by entity
 * type, and replaced by the redactor's operators — or, detecting only, left as it is. Not
 * thread-safe; one per request.
 */
final class TextRedaction {

    private final Analyzer analyzer;
    private final AnalysisOptions options;
    private final Redactor redactor;
    private final Map<String, Integer> counts = new HashMap<>();

    /** @param redactor the request's redactor, bound to its vault; null to detect only */
    TextRedaction(Analyzer analyzer, AnalysisOptions options, Redactor redactor) {
        this.analyzer = analyzer;
        this.options = options;
        this.redactor = redactor;
    }

    /** {@code text} redacted (unchanged when detecting only or nothing was found). */
    String apply(String text) {
        List<Finding> findings = analyze(text);
        return redactor == null || findings.isEmpty() ? text : redactor.redact(text, findings);
    }

    /** {@code text}, the content of a JSON document's string (tool-call arguments), redacted. */
    String applyInJson(String text) {
        List<Finding> findings = analyze(text);
        return redactor == null || findings.isEmpty() ? text : redactor.redact(text, findings, JsonEscape::escape);
    }

    private List<Finding> analyze(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        List<Finding> findings = analyzer.analyze(text, options);
        for (Finding finding : findings) {
            counts.merge(finding.type(), 1, Integer::sum);
        }
        return findings;
    }

    boolean foundAny() {
        return !counts.isEmpty();
    }

    /** Findings by entity type. */
    Map<String, Integer> counts() {
        return Map.copyOf(counts);
    }

    /** The counts as a header value: most found first, e.g. {@code PERSON=2,EMAIL_ADDRESS=1}. */
    static String header(Map<String, Integer> counts) {
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        StringJoiner joined = new StringJoiner(",");
        entries.forEach(e -> joined.add(e.getKey() + "=" + e.getValue()));
        return joined.toString();
    }
}
