package dev.switchboard.core.config;

/**
 * Accounting options.
 *
 * @param budgetAlertRatio share of a budget at which a warning is logged (once per crossing);
 *     default 0.8
 */
public record AccountingConfig(Double budgetAlertRatio) {

    public AccountingConfig {
        budgetAlertRatio = budgetAlertRatio != null ? budgetAlertRatio : 0.8;
    }
}
