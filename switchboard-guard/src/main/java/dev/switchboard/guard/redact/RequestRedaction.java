package dev.switchboard.guard.redact;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.pipeline.Operation;
import dev.switchboard.guard.pii.AnalysisOptions;
import dev.switchboard.guard.pii.Analyzer;
import java.util.Map;
import java.util.Set;

/**
 * Redaction of an OpenAI request body in place, for interceptors other than {@link RedactInterceptor}
 * (the consent interceptor): the same texts (chat message contents of the given roles, earlier
 * tool-call arguments, embeddings input), the same analysis and the same operators.
 */
public final class RequestRedaction {

    private RequestRedaction() {
    }

    /**
     * Analyzes the texts of {@code body} and replaces each finding with {@code redactor}'s operator
     * for its type (an operator may give the original back, to let a type through).
     *
     * @param redactor a redactor, bound to a vault if it pseudonymizes; null to detect only
     * @return what was found, by entity type, whether replaced or not
     * @throws IllegalArgumentException when a text is longer than the analyzer accepts
     */
    public static Map<String, Integer> apply(ObjectNode body, Operation operation, Set<String> roles, Analyzer analyzer,
                                             AnalysisOptions options, Redactor redactor) {
        TextRedaction redaction = new TextRedaction(analyzer, options, redactor);
        if (operation == Operation.CHAT_COMPLETIONS) {
            RequestTexts.chat(body, roles, redaction);
        } else {
            RequestTexts.embeddings(body, redaction);
        }
        return redaction.counts();
    }
}
