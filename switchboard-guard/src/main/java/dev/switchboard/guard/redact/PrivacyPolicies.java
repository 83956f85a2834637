package dev.switchboard.guard.redact;

import dev.switchboard.core.auth.Caller;
import dev.switchboard.core.config.OperatorConfig;
import dev.switchboard.core.config.PrivacyConfig;
import dev.switchboard.core.config.PrivacyConfig.Policy;
import dev.switchboard.core.config.TenantPrivacyConfig;
import dev.switchboard.guard.pii.AnalysisOptions;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link PrivacyPolicy} of every tenant, built once from the {@code privacy} section: the
 * section's own policy for callers without a tenant (the master key) and tenants without an
 * override, and one per overriding tenant. Immutable and thread-safe.
 */
public final class PrivacyPolicies {

    private final PrivacyPolicy defaultPolicy;
    private final Map<String, PrivacyPolicy> byTenantName;

    private PrivacyPolicies(PrivacyPolicy defaultPolicy, Map<String, PrivacyPolicy> byTenantName) {
        this.defaultPolicy = defaultPolicy;
        this.byTenantName = Map.copyOf(byTenantName);
    }

    /**
     * @param random source of encryption nonces
     * @throws IllegalArgumentException for settings the config validation lets through only if it was
     *     skipped (an unknown operator, a missing secret)
     */
    public static PrivacyPolicies from(PrivacyConfig config, SecureRandom random) {
        PrivacyPolicy base = policy(Policy.parse(config.policy()), config.entities(), config.threshold(),
                config.operator(), config.operators(), new OperatorFactory(config.hashSalt(), config.encryptionKey(),
                        random), config.roles());
        Map<String, PrivacyPolicy> tenants = new HashMap<>();
        config.tenants().forEach((name, tenant) -> tenants.put(name, override(config, tenant, random)));
        return new PrivacyPolicies(base, tenants);
    }

    /** One policy for everybody. */
    public static PrivacyPolicies of(PrivacyPolicy policy) {
        return new PrivacyPolicies(policy, Map.of());
    }

    /** The policy of the caller's tenant; the default one for the master key. */
    public PrivacyPolicy forCaller(Caller caller) {
        if (caller == null || caller.tenant() == null) {
            return defaultPolicy;
        }
        return forTenant(caller.tenant().name());
    }

    /** The policy of the tenant named {@code name}; the default one for tenants without an override. */
    public PrivacyPolicy forTenant(String name) {
        return name == null ? defaultPolicy : byTenantName.getOrDefault(name, defaultPolicy);
    }

    /** The policy of callers without a tenant. */
    public PrivacyPolicy defaultPolicy() {
        return defaultPolicy;
    }

    /** True when some tenant's policy analyzes requests. */
    public boolean anyActive() {
        return defaultPolicy.active() || byTenantName.values().stream().anyMatch(PrivacyPolicy::active);
    }

    private static PrivacyPolicy override(PrivacyConfig base, TenantPrivacyConfig tenant, SecureRandom random) {
        Map<String, OperatorConfig> operators = new LinkedHashMap<>(base.operators());
        operators.putAll(tenant.operators());
        OperatorFactory factory = new OperatorFactory(
                tenant.hashSalt() != null ? tenant.hashSalt() : base.hashSalt(),
                tenant.encryptionKey() != null ? tenant.encryptionKey() : base.encryptionKey(), random);
        return policy(Policy.parse(tenant.policy() != null ? tenant.policy() : base.policy()),
                tenant.entities() != null ? tenant.entities() : base.entities(),
                tenant.threshold() != null ? tenant.threshold() : base.threshold(),
                tenant.operator() != null ? tenant.operator() : base.operator(), operators, factory,
                tenant.roles() != null ? tenant.roles() : base.roles());
    }

    private static PrivacyPolicy policy(Policy policy, List<String> entities, double threshold,
                                        OperatorConfig defaultOperator, Map<String, OperatorConfig> operators,
                                        OperatorFactory factory, List<String> roles) {
        Map<String, Operator> byType = new HashMap<>();
        operators.forEach((type, config) -> byType.put(type, factory.create(config)));
        Redactor explicit = new Redactor(byType, factory.create(defaultOperator));
        Redactor requests = policy == Policy.PSEUDONYMIZE ? new Redactor(byType, Operator.pseudonymize()) : explicit;
        return new PrivacyPolicy(policy, new AnalysisOptions(Set.copyOf(entities), threshold), requests, explicit,
                factory, Set.copyOf(roles));
    }
}
