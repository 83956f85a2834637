package dev.switchboard.core.tenancy;

import dev.switchboard.core.limits.BudgetPeriod;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A virtual API key, as stored: never the key itself, only its peppered hash and a prefix to
 * recognise it by.
 *
 * @param id stable identifier, {@code key_...}
 * @param tenantId the tenant it belongs to
 * @param name a label, or null
 * @param prefix the first characters of the key (e.g. {@code sk-sb-AbC1xY}), shown in lists
 * @param hash hex SHA-256 of the install's pepper and the key
 * @param models globs of the model names it may call ({@code chat*}); empty means all
 * @param requestsPerMinute RPM, or null
 * @param tokensPerMinute TPM, or null
 * @param maxConcurrent requests in flight, or null
 * @param budgetNanos spending limit per {@code budgetPeriod} in billionths of a US dollar, or null
 * @param budgetPeriod the budget's period, or null when there is no budget
 * @param expiresAt after this instant the key is refused, or null
 * @param disabled a disabled key is refused
 * @param metadata free-form labels
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record ApiKey(String id, String tenantId, String name, String prefix, String hash, List<String> models,
                     Integer requestsPerMinute, Integer tokensPerMinute, Integer maxConcurrent, Long budgetNanos,
                     BudgetPeriod budgetPeriod, Instant expiresAt, boolean disabled, Map<String, String> metadata,
                     Instant createdAt, Instant updatedAt) {

    public ApiKey {
        models = models != null ? List.copyOf(models) : List.of();
        metadata = metadata != null ? Map.copyOf(metadata) : Map.of();
    }
}
