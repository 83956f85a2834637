package dev.switchboard.guard.redact;

import dev.switchboard.core.auth.AuthInterceptor;
import dev.switchboard.core.config.PrivacyConfig.Policy;
import dev.switchboard.core.pipeline.Attribute;
import dev.switchboard.core.pipeline.Exchange;
import dev.switchboard.core.pipeline.Interceptor;
import dev.switchboard.core.pipeline.Operation;
import dev.switchboard.core.pipeline.Response;
import dev.switchboard.guard.pii.Analyzer;
import java.util.Map;

/**
 * Finds personal data in requests before they go further, under the caller's tenant's
 * {@link PrivacyPolicy}: {@code detect} only counts it; {@code redact} replaces it with the
 * policy's operators; {@code pseudonymize} replaces it with placeholders kept in the request's
 * {@link PseudonymVault} (left on the exchange as {@link #VAULT} for {@link RestoreInterceptor}).
 * Embeddings input is redacted under both, never pseudonymized: nothing comes back to restore.
 *
 * <p>What was found is left on the exchange as {@link #FINDINGS} and sent to the client in the
 * {@value #HEADER} header ({@code PERSON=2,EMAIL_ADDRESS=1}); never the found text itself.
 */
public final class RedactInterceptor implements Interceptor {

    /** The request's placeholders, when some text was pseudonymized. */
    public static final Attribute<PseudonymVault> VAULT = Attribute.named("pii.vault");
    /** Findings in the request by entity type, when the policy is not off. */
    public static final Attribute<Map<String, Integer>> FINDINGS = Attribute.named("pii.findings");
    /** The response header that reports findings. */
    public static final String HEADER = "x-switchboard-pii";

    private final PrivacyPolicies policies;
    private final Analyzer analyzer;

    public RedactInterceptor(PrivacyPolicies policies, Analyzer analyzer) {
        this.policies = policies;
        this.analyzer = analyzer;
    }

    @Override
    public boolean passesThrough(Exchange exchange) {
        return !policies.forCaller(exchange.get(AuthInterceptor.CALLER)).active();
    }

    @Override
    public Response intercept(Chain chain) {
        Exchange exchange = chain.exchange();
        if (passesThrough(exchange)) {
            return chain.proceed();
        }
        PrivacyPolicy policy = policies.forCaller(exchange.get(AuthInterceptor.CALLER));
        PseudonymVault vault = new PseudonymVault();
        Redactor redactor = switch (policy.policy()) {
            case DETECT, OFF -> null;
            case REDACT -> policy.requests().boundTo(vault);
            case PSEUDONYMIZE -> exchange.operation() == Operation.EMBEDDINGS ? policy.explicit().boundTo(vault)
                    : policy.requests().boundTo(vault);
        };
        TextRedaction redaction = new TextRedaction(analyzer, policy.options(), redactor);
        if (exchange.operation() == Operation.CHAT_COMPLETIONS) {
            RequestTexts.chat(exchange.body(), policy.roles(), redaction);
        } else {
            RequestTexts.embeddings(exchange.body(), redaction);
        }
        Map<String, Integer> counts = redaction.counts();
        exchange.put(FINDINGS, counts);
        if (!vault.isEmpty() && policy.policy() == Policy.PSEUDONYMIZE && exchange.operation() == Operation.CHAT_COMPLETIONS) {
            exchange.put(VAULT, vault);
        }
        Response response = chain.proceed();
        return counts.isEmpty() ? response : response.withHeader(HEADER, TextRedaction.header(counts));
    }
}
