package dev.switchboard.core.accounting;

import dev.switchboard.core.limits.BudgetSpec;

/**
 * Told when spending crosses a budget's alert threshold (a share of the budget, e.g. 80%), once
 * per crossing. Thread-safe; must not block.
 */
@FunctionalInterface
public interface BudgetAlerts {

    /** Called after every charge; implementations decide whether a threshold was crossed. */
    void check(BudgetSpec budget, long spentBefore, long spentAfter);

    /** Logs a warning when spending crosses {@code ratio} of a budget. */
    static BudgetAlerts logging(double ratio) {
        System.Logger log = System.getLogger(BudgetAlerts.class.getName());
        return (budget, before, after) -> {
            long threshold = (long) (budget.limitNanos() * ratio);
            if (before < threshold && after >= threshold) {
                log.log(System.Logger.Level.WARNING, () -> budget.scope() + " has spent " + Math.round(ratio * 100)
                        + "% of its " + budget.period().adjective() + " budget");
            }
            if (before < budget.limitNanos() && after >= budget.limitNanos()) {
                log.log(System.Logger.Level.WARNING, () -> budget.scope() + " has spent its whole "
                        + budget.period().adjective() + " budget: further requests are refused until the period ends");
            }
        };
    }
}
