package dev.switchboard.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.server.admin.UsageReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code switchboard usage}: tokens, cost and requests from the usage ledger. */
@Command(name = "usage", description = "Report tokens, cost and requests.", mixinStandardHelpOptions = true,
        sortOptions = false)
final class UsageCommand implements Callable<Integer> {

    @Option(names = "--tenant", description = "Only this tenant.")
    String tenant;

    @Option(names = "--key", paramLabel = "ID|PREFIX", description = "Only this key.")
    String key;

    @Option(names = "--model", description = "Only this model.")
    String model;

    @Option(names = "--since", paramLabel = "DURATION", description = "From this long ago, e.g. 7d (default: all time).")
    String since;

    @Option(names = "--from", paramLabel = "DATE", description = "From this date or instant (inclusive).")
    String from;

    @Option(names = "--to", paramLabel = "DATE", description = "To this date or instant (exclusive).")
    String to;

    @Option(names = "--group-by", paramLabel = "day|model|key|none", description = "Rows per (default day).")
    String groupBy;

    @Option(names = "--csv", description = "Print CSV.")
    boolean csv;

    @Mixin
    AdminSession session;

    @Override
    public Integer call() {
        UsageReport.Params params = new UsageReport.Params(tenant, key, model, from, to, since, groupBy);
        return AdminCommands.run(session, access -> {
            if (csv) {
                System.out.print(access.usage().csv(params));
                return;
            }
            ObjectNode report = access.usage().json(params);
            if (session.json) {
                Output.json(System.out, report);
                return;
            }
            Output.table(System.out, report.get("data"), "group", "requests", "input_tokens", "cached_input_tokens",
                    "output_tokens", "reasoning_tokens", "cost_usd", "estimated_requests");
            ObjectNode total = (ObjectNode) report.get("total");
            System.out.println("total: " + total.get("requests") + " requests, " + total.get("input_tokens")
                    + " input and " + total.get("output_tokens") + " output tokens, $" + total.get("cost_usd").asText());
        });
    }
}
