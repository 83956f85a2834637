package dev.switchboard.guard.tools;

import dev.switchboard.core.config.ToolsConfig.OnInvalid;
import dev.switchboard.guard.schema.JsonSchema;
import dev.switchboard.guard.schema.SchemaViolation;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks an {@link Answer} against a request's {@link OutputContract}: each tool call's arguments
 * against its tool's parameters (a call of a tool the request did not declare is a finding too), and
 * each choice's content against the {@code response_format} schema. A refusal, and a choice that
 * calls tools instead of answering, have no content to check.
 */
final class AnswerCheck {

    private AnswerCheck() {
    }

    static List<Finding> findings(Answer answer, OutputContract contract) {
        List<Finding> findings = new ArrayList<>();
        for (Answer.Choice choice : answer.choices()) {
            if (contract.checksTools()) {
                for (int i = 0; i < choice.toolCalls().size(); i++) {
                    Answer.ToolCall call = choice.toolCalls().get(i);
                    JsonSchema schema = contract.tools().get(call.name());
                    List<SchemaViolation> violations = schema == null
                            ? List.of(new SchemaViolation("$", "tool '" + call.name() + "' was not declared in the"
                                    + " request; declared: " + String.join(", ", contract.tools().keySet())))
                            : schema.validateText(call.arguments());
                    if (!violations.isEmpty()) {
                        findings.add(new Finding(choice, call.name(), i, violations));
                    }
                }
            }
            if (contract.checksResponse() && !choice.refusal() && (choice.toolCalls().isEmpty() || choice.content() != null
                    && !choice.content().isBlank())) {
                List<SchemaViolation> violations = choice.content() == null
                        ? List.of(new SchemaViolation("$", "the answer has no content; expected a JSON value"))
                        : contract.responseSchema().validateText(choice.content());
                if (!violations.isEmpty()) {
                    findings.add(new Finding(choice, null, -1, violations));
                }
            }
        }
        return findings;
    }

    /** Whether the policy repairs (rather than fails at once) the first finding's kind. */
    static boolean repairs(Finding finding, ToolPolicy policy) {
        return (finding.aboutContent() ? policy.onInvalidResponse() : policy.onInvalidArguments()) == OnInvalid.REPAIR;
    }
}
