package dev.switchboard.guard.redact;

import dev.switchboard.core.config.PrivacyConfig.Policy;
import dev.switchboard.guard.pii.AnalysisOptions;
import java.util.Set;

/**
 * What is done about personal data for one tenant (or for callers without a tenant).
 *
 * @param policy off, detect, redact or pseudonymize
 * @param options the entity types looked for and the score threshold
 * @param requests the operators applied to chat and embeddings requests under {@code redact} and
 *     {@code pseudonymize} (for the latter, pseudonymize is the default operator)
 * @param explicit the operators of {@code /v1/redact} and the CLI when the caller names none: the
 *     configured operators and default operator, whatever the policy
 * @param operators makes the operator a {@code /v1/redact} caller names, with this tenant's secrets
 * @param roles the roles of the chat messages analyzed
 */
public record PrivacyPolicy(Policy policy, AnalysisOptions options, Redactor requests, Redactor explicit,
                            OperatorFactory operators, Set<String> roles) {

    public PrivacyPolicy {
        roles = Set.copyOf(roles);
    }

    /** True when requests are analyzed at all. */
    public boolean active() {
        return policy != Policy.OFF;
    }
}
