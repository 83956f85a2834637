package dev.switchboard.core.tenancy;

import dev.switchboard.core.limits.BudgetPeriod;
import java.time.Instant;
import java.util.Map;

/**
 * A team the gateway serves. Its limits and budget apply on top of those of each of its keys.
 *
 * @param id stable identifier, {@code ten_...}
 * @param name unique name operators use, e.g. {@code acme}
 * @param requestsPerMinute RPM over all its keys, or null
 * @param tokensPerMinute TPM over all its keys, or null
 * @param maxConcurrent requests in flight over all its keys, or null
 * @param budgetNanos spending limit per {@code budgetPeriod} in billionths of a US dollar, or null
 * @param budgetPeriod the budget's period, or null when there is no budget
 * @param disabled a disabled tenant's keys are refused
 * @param metadata free-form labels
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record Tenant(String id, String name, Integer requestsPerMinute, Integer tokensPerMinute, Integer maxConcurrent,
                     Long budgetNanos, BudgetPeriod budgetPeriod, boolean disabled, Map<String, String> metadata,
                     Instant createdAt, Instant updatedAt) {

    public Tenant {
        metadata = metadata != null ? Map.copyOf(metadata) : Map.of();
    }
}
