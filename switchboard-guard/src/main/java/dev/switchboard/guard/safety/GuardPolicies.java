package dev.switchboard.guard.safety;

import dev.switchboard.core.auth.Caller;
import dev.switchboard.core.config.GuardsConfig;
import dev.switchboard.core.config.RemoteClassifierConfig;
import java.net.http.HttpClient;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@link GuardPolicy} of every tenant, built once from the {@code guards} section: the section's
 * own for callers without a tenant and tenants without an override, one per overriding tenant.
 * Remote classifiers with the same settings share one client. Immutable and thread-safe.
 */
public final class GuardPolicies {

    private final GuardPolicy defaultPolicy;
    private final Map<String, GuardPolicy> byTenantName;

    private GuardPolicies(GuardPolicy defaultPolicy, Map<String, GuardPolicy> byTenantName) {
        this.defaultPolicy = defaultPolicy;
        this.byTenantName = Map.copyOf(byTenantName);
    }

    /** Policies with the built-in models, and remote classifiers over {@code http} where configured. */
    public static GuardPolicies from(GuardsConfig config, HttpClient http) {
        Map<RemoteClassifierConfig, RemoteClassifier> remotes = new HashMap<>();
        Function<RemoteClassifierConfig, RemoteClassifier> remote =
                settings -> remotes.computeIfAbsent(settings, s -> new RemoteClassifier(s, http));
        Map<String, GuardPolicy> tenants = new HashMap<>();
        config.tenants().keySet().forEach(name -> tenants.put(name, policy(config.forTenant(name), remote)));
        return new GuardPolicies(policy(config, remote), tenants);
    }

    /** One policy for everybody. */
    public static GuardPolicies of(GuardPolicy policy) {
        return new GuardPolicies(policy, Map.of());
    }

    private static GuardPolicy policy(GuardsConfig config, Function<RemoteClassifierConfig, RemoteClassifier> remote) {
        RemoteClassifierConfig injection = config.injection().remote();
        RemoteClassifierConfig moderation = config.moderation().remote();
        return GuardPolicy.from(config,
                injection != null ? remote.apply(injection) : InjectionScorer.builtIn(),
                moderation != null ? remote.apply(moderation).asModeration() : ModerationScorer.builtIn(),
                injection != null && injection.failClosed(), moderation != null && moderation.failClosed());
    }

    public GuardPolicy forCaller(Caller caller) {
        if (caller == null || caller.tenant() == null) {
            return defaultPolicy;
        }
        return forTenant(caller.tenant().name());
    }

    public GuardPolicy forTenant(String name) {
        return name == null ? defaultPolicy : byTenantName.getOrDefault(name, defaultPolicy);
    }

    /** True when some tenant's policy runs a guard. */
    public boolean anyActive() {
        return defaultPolicy.active() || byTenantName.values().stream().anyMatch(GuardPolicy::active);
    }
}
