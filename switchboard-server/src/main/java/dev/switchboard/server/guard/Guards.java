package dev.switchboard.server.guard;

import dev.switchboard.core.config.GuardsConfig;
import dev.switchboard.guard.injection.InjectionDetector;
import dev.switchboard.guard.moderation.ModerationClassifier;
import dev.switchboard.guard.safety.GuardPolicies;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The guards built from one config version: every tenant's policy and the listener that logs and
 * counts what they do. Immutable.
 *
 * @param policies per-tenant guard policies, for the pipeline and {@code /v1/moderations}
 * @param listener logs and counts guard events
 */
public record Guards(GuardPolicies policies, CountingGuardListener listener) {

    /** One client for every remote classifier of this process. */
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Counts survive config reloads. */
    private static final CountingGuardListener LISTENER = new CountingGuardListener();

    public static Guards from(GuardsConfig config) {
        GuardPolicies policies = GuardPolicies.from(config, HTTP);
        if (policies.anyActive()) { // read the models now rather than in the first request that needs them
            Thread.ofVirtual().name("switchboard-guard-preload").start(() -> {
                InjectionDetector.preload();
                ModerationClassifier.preload();
            });
        }
        return new Guards(policies, LISTENER);
    }
}
