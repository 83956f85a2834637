package dev.switchboard.guard.tools;

import dev.switchboard.core.auth.Caller;
import dev.switchboard.core.config.TenantToolsConfig;
import dev.switchboard.core.config.ToolsConfig;
import dev.switchboard.core.config.ToolsConfig.OnInvalid;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@link ToolPolicy} of every tenant, built once from the {@code tools} section: the section's own
 * for callers without a tenant (the master key) and tenants without an override, one per overriding
 * tenant. Immutable and thread-safe.
 */
public final class ToolPolicies {

    private final ToolPolicy defaultPolicy;
    private final Map<String, ToolPolicy> byTenantName;

    private ToolPolicies(ToolPolicy defaultPolicy, Map<String, ToolPolicy> byTenantName) {
        this.defaultPolicy = defaultPolicy;
        this.byTenantName = Map.copyOf(byTenantName);
    }

    public static ToolPolicies from(ToolsConfig config) {
        ToolPolicy base = new ToolPolicy(config.allow(), config.deny(), OnInvalid.parse(config.onInvalidArguments()),
                OnInvalid.parse(config.onInvalidResponse()), config.maxRepairs());
        Map<String, ToolPolicy> tenants = new HashMap<>();
        config.tenants().forEach((name, tenant) -> tenants.put(name, override(base, tenant)));
        return new ToolPolicies(base, tenants);
    }

    /** One policy for everybody. */
    public static ToolPolicies of(ToolPolicy policy) {
        return new ToolPolicies(policy, Map.of());
    }

    /** The policy of the caller's tenant; the default one for the master key. */
    public ToolPolicy forCaller(Caller caller) {
        if (caller == null || caller.tenant() == null) {
            return defaultPolicy;
        }
        return byTenantName.getOrDefault(caller.tenant().name(), defaultPolicy);
    }

    private static ToolPolicy override(ToolPolicy base, TenantToolsConfig tenant) {
        return new ToolPolicy(tenant.allow() != null ? tenant.allow() : base.allow(),
                tenant.deny() != null ? tenant.deny() : base.deny(),
                tenant.onInvalidArguments() != null ? OnInvalid.parse(tenant.onInvalidArguments())
                        : base.onInvalidArguments(),
                tenant.onInvalidResponse() != null ? OnInvalid.parse(tenant.onInvalidResponse())
                        : base.onInvalidResponse(),
                tenant.maxRepairs() != null ? tenant.maxRepairs() : base.maxRepairs());
    }
}
