package dev.switchboard.core.auth;

import dev.switchboard.core.limits.BudgetSpec;
import dev.switchboard.core.limits.LimitSpec;
import dev.switchboard.core.tenancy.ApiKey;
import dev.switchboard.core.tenancy.Tenant;
import java.util.ArrayList;
import java.util.List;

/**
 * Who is calling, as established by authentication: the master key, or a virtual key of a tenant.
 *
 * @param id stable identifier for logs and accounting, never the key itself ({@code master} or the
 *     key's id)
 * @param master whether the caller holds the master key and may use the admin API
 * @param key the virtual key, or null for the master key
 * @param tenant the key's tenant, or null for the master key
 */
public record Caller(String id, boolean master, ApiKey key, Tenant tenant) {

    public static final Caller MASTER = new Caller("master", true, null, null);

    /** A caller holding a tenant's virtual key. */
    public static Caller of(ApiKey key, Tenant tenant) {
        return new Caller(key.id(), false, key, tenant);
    }

    /** Scope name of a key's counters. */
    public static String keyScope(String keyId) {
        return "key:" + keyId;
    }

    /** Scope name of a tenant's counters. */
    public static String tenantScope(String tenantId) {
        return "tenant:" + tenantId;
    }

    /** The rate limits that apply: the key's, then its tenant's; those without any limit left out. */
    public List<LimitSpec> limits() {
        List<LimitSpec> specs = new ArrayList<>(2);
        if (key != null) {
            add(specs, new LimitSpec(keyScope(key.id()), key.requestsPerMinute(), key.tokensPerMinute(), key.maxConcurrent()));
        }
        if (tenant != null) {
            add(specs, new LimitSpec(tenantScope(tenant.id()), tenant.requestsPerMinute(), tenant.tokensPerMinute(),
                    tenant.maxConcurrent()));
        }
        return specs;
    }

    /** The budgets that apply: the key's, then its tenant's. */
    public List<BudgetSpec> budgets() {
        List<BudgetSpec> budgets = new ArrayList<>(2);
        if (key != null && key.budgetNanos() != null && key.budgetPeriod() != null) {
            budgets.add(new BudgetSpec(keyScope(key.id()), key.budgetNanos(), key.budgetPeriod()));
        }
        if (tenant != null && tenant.budgetNanos() != null && tenant.budgetPeriod() != null) {
            budgets.add(new BudgetSpec(tenantScope(tenant.id()), tenant.budgetNanos(), tenant.budgetPeriod()));
        }
        return budgets;
    }

    private static void add(List<LimitSpec> specs, LimitSpec spec) {
        if (!spec.unlimited()) {
            specs.add(spec);
        }
    }
}
