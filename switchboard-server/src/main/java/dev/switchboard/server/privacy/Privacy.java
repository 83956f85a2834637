package dev.switchboard.server.privacy;

import dev.switchboard.core.config.PrivacyConfig;
import dev.switchboard.guard.ner.NamedEntityRecognizer;
import dev.switchboard.guard.pii.AnalysisOptions;
import dev.switchboard.guard.pii.Analyzer;
import dev.switchboard.guard.redact.LogRedactor;
import dev.switchboard.guard.redact.PrivacyPolicies;
import java.security.SecureRandom;
import java.util.Set;

/**
 * Everything about personal data built from one config version: the analyzer with the server's
 * recognizers, each tenant's policy, the redactor of log text and the text size limit. Immutable.
 *
 * @param analyzer runs {@link PiiRecognizers#all} over texts
 * @param policies per-tenant policies
 * @param logs redacts text headed for logs ({@link LogRedactor#NONE} when {@code redact_logs} is off)
 * @param maxTextChars longest text of {@code /v1/redact} and {@code switchboard redact}
 */
public record Privacy(Analyzer analyzer, PrivacyPolicies policies, LogRedactor logs, int maxTextChars) {

    /**
     * @param random source of encryption nonces
     * @throws IllegalArgumentException when a custom recognizer cannot be built
     */
    public static Privacy from(PrivacyConfig config, SecureRandom random) {
        Analyzer analyzer = new Analyzer(PiiRecognizers.all(config.recognizers()));
        boolean inUse = !"off".equals(config.policy()) || config.tenants().values().stream()
                .anyMatch(tenant -> tenant.policy() != null && !"off".equals(tenant.policy()));
        if (inUse) { // load the named-entity model now rather than in the first request that needs it
            Thread.ofVirtual().name("switchboard-ner-preload").start(NamedEntityRecognizer::preload);
        }
        LogRedactor logs = config.redactLogs()
                ? new LogRedactor(analyzer, new AnalysisOptions(Set.of(), config.threshold()))
                : LogRedactor.NONE;
        return new Privacy(analyzer, PrivacyPolicies.from(config, random), logs, config.maxTextChars());
    }
}
