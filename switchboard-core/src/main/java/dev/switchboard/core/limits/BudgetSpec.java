package dev.switchboard.core.limits;

/**
 * A spending limit of one scope.
 *
 * @param scope as in {@link LimitSpec#scope()}
 * @param limitNanos the budget in billionths of a US dollar
 * @param period what the budget is per
 */
public record BudgetSpec(String scope, long limitNanos, BudgetPeriod period) {
}
