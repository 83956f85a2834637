package dev.switchboard.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Limits and budget options shared by tenant and key commands; only options given are sent. */
final class LimitOptions {

    @Option(names = "--rpm", paramLabel = "N", description = "Requests per minute.")
    Integer rpm;

    @Option(names = "--tpm", paramLabel = "N", description = "Tokens per minute.")
    Integer tpm;

    @Option(names = "--max-concurrent", paramLabel = "N", description = "Requests in flight at once.")
    Integer maxConcurrent;

    @Option(names = "--budget-usd", paramLabel = "USD", description = "Budget in US dollars per budget period.")
    BigDecimal budgetUsd;

    @Option(names = "--budget-period", paramLabel = "day|month", description = "Budget period (default month).")
    String budgetPeriod;

    @Option(names = "--metadata", paramLabel = "KEY=VALUE", description = "A label; repeat for more.")
    Map<String, String> metadata;

    @Option(names = "--clear", paramLabel = "FIELD", split = ",",
            description = "Remove these limits (update only): rpm, tpm, max_concurrent, budget_usd.")
    List<String> clear;

    /** Puts the given options into an admin request body. */
    void into(ObjectNode body) {
        if (rpm != null) {
            body.put("rpm", rpm);
        }
        if (tpm != null) {
            body.put("tpm", tpm);
        }
        if (maxConcurrent != null) {
            body.put("max_concurrent", maxConcurrent);
        }
        if (budgetUsd != null) {
            body.put("budget_usd", budgetUsd);
        }
        if (budgetPeriod != null) {
            body.put("budget_period", budgetPeriod);
        }
        if (metadata != null) {
            body.set("metadata", dev.switchboard.core.json.Json.MAPPER.valueToTree(metadata));
        }
        if (clear != null) {
            clear.forEach(body::putNull);
        }
    }
}
