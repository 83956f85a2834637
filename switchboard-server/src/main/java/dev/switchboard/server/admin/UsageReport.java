package dev.switchboard.server.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.api.Errors;
import dev.switchboard.core.json.Json;
import dev.switchboard.core.tenancy.ApiKey;
import dev.switchboard.store.FeedbackRepository;
import dev.switchboard.store.UsageQuery;
import dev.switchboard.store.UsageRepository;
import dev.switchboard.store.UsageRow;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * Usage added up from the ledger: tokens, cost and requests, filtered by tenant, key, model and
 * time, grouped by day, model or key — as JSON or CSV. The JSON report also has the feedback
 * given on answers in each group and its acceptance rate (feedback grouped by when it was given).
 */
public final class UsageReport {

    private static final String CSV_HEADER = "group,requests,input_tokens,cached_input_tokens,output_tokens,"
            + "reasoning_tokens,cost_usd,estimated_requests";

    private final Admin admin;
    private final UsageRepository usage;
    private final FeedbackRepository feedback;
    private final InstantSource clock;

    /** @param feedback verdicts on answers, for acceptance rates; null to report none */
    public UsageReport(Admin admin, UsageRepository usage, FeedbackRepository feedback, InstantSource clock) {
        this.admin = admin;
        this.usage = usage;
        this.feedback = feedback;
        this.clock = clock;
    }

    /**
     * What to report, as request parameters: {@code tenant} (name), {@code key} (id or prefix),
     * {@code model}, {@code from} and {@code to} (ISO dates or instants; {@code to} exclusive) or
     * {@code since} (a duration back from now, e.g. {@code 7d}), {@code group_by} ({@code day},
     * {@code model}, {@code key} or {@code none}; default {@code day}).
     */
    public record Params(String tenant, String key, String model, String from, String to, String since, String groupBy) {
    }

    public ObjectNode json(Params params) {
        UsageQuery query = query(params);
        List<UsageRow> rows = usage.aggregate(query);
        Map<String, FeedbackRepository.Acceptance> verdicts = new HashMap<>();
        if (feedback != null) {
            feedback.acceptance(query).forEach(a -> verdicts.put(String.valueOf(a.group()), a));
        }
        ArrayNode data = Json.array();
        long verdictCount = 0;
        long acceptedCount = 0;
        for (UsageRow row : rows) {
            FeedbackRepository.Acceptance acceptance = verdicts.get(String.valueOf(row.group()));
            data.add(withAcceptance(row(row), acceptance));
        }
        for (FeedbackRepository.Acceptance acceptance : verdicts.values()) {
            verdictCount += acceptance.count();
            acceptedCount += acceptance.accepted();
        }
        ObjectNode total = withAcceptance(row(sum(rows)), new FeedbackRepository.Acceptance("total", verdictCount,
                acceptedCount));
        total.remove("group");
        ObjectNode report = Json.object();
        report.put("object", "usage_report");
        report.put("group_by", query.groupBy().name().toLowerCase(Locale.ROOT));
        report.put("from", query.from() != null ? query.from().toString() : null);
        report.put("to", query.to() != null ? query.to().toString() : null);
        report.set("data", data);
        report.set("total", total);
        return report;
    }

    public String csv(Params params) {
        StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
        for (UsageRow row : usage.aggregate(query(params))) {
            csv.append(quote(row.group())).append(',').append(row.requests()).append(',').append(row.inputTokens())
                    .append(',').append(row.cachedInputTokens()).append(',').append(row.outputTokens()).append(',')
                    .append(row.reasoningTokens()).append(',').append(Admin.dollars(row.costNanos()).toPlainString())
                    .append(',').append(row.estimatedRequests()).append('\n');
        }
        return csv.toString();
    }

    private UsageQuery query(Params params) {
        String tenantId = params.tenant() == null ? null : admin.findTenant(params.tenant()).id();
        ApiKey key = params.key() == null ? null : admin.findKey(params.key());
        Instant now = clock.instant();
        Instant from = params.since() != null ? QueryTimes.since(params.since(), now) : QueryTimes.instant("from", params.from());
        if (params.since() != null && params.from() != null) {
            throw Errors.badRequest("since", "give 'since' or 'from', not both");
        }
        Instant to = QueryTimes.instant("to", params.to());
        if (from != null && to != null && from.isAfter(to)) {
            throw Errors.badRequest("from", "'from' (" + from + ") is after 'to' (" + to + ")");
        }
        return new UsageQuery(tenantId, key != null ? key.id() : null, params.model(), from, to, groupBy(params.groupBy()));
    }


    private static UsageQuery.GroupBy groupBy(String text) {
        if (text == null) {
            return UsageQuery.GroupBy.DAY;
        }
        try {
            return UsageQuery.GroupBy.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Errors.badRequest("group_by", "'group_by' must be day, model, key or none");
        }
    }

    private static ObjectNode row(UsageRow row) {
        ObjectNode json = Json.object();
        json.put("group", row.group());
        json.put("requests", row.requests());
        json.put("input_tokens", row.inputTokens());
        json.put("cached_input_tokens", row.cachedInputTokens());
        json.put("output_tokens", row.outputTokens());
        json.put("reasoning_tokens", row.reasoningTokens());
        json.put("cost_usd", Admin.dollars(row.costNanos()));
        json.put("estimated_requests", row.estimatedRequests());
        return json;
    }

    /**
     * Adds {@code feedback} (verdicts given), {@code accepted} and {@code acceptance_rate} (null
     * without verdicts) to a report row.
     */
    private static ObjectNode withAcceptance(ObjectNode row, FeedbackRepository.Acceptance acceptance) {
        long count = acceptance == null ? 0 : acceptance.count();
        long accepted = acceptance == null ? 0 : acceptance.accepted();
        row.put("feedback", count);
        row.put("accepted", accepted);
        if (count == 0) {
            row.putNull("acceptance_rate");
        } else {
            row.put("acceptance_rate", (double) accepted / count);
        }
        return row;
    }

    private static UsageRow sum(List<UsageRow> rows) {
        long requests = 0, input = 0, cached = 0, output = 0, reasoning = 0, cost = 0, estimated = 0;
        for (UsageRow row : rows) {
            requests += row.requests();
            input += row.inputTokens();
            cached += row.cachedInputTokens();
            output += row.outputTokens();
            reasoning += row.reasoningTokens();
            cost += row.costNanos();
            estimated += row.estimatedRequests();
        }
        return new UsageRow("total", requests, input, cached, output, reasoning, cost, estimated);
    }

    private static String quote(String value) {
        if (value == null) {
            return "";
        }
        return value.contains(",") || value.contains("\"") || value.contains("\n")
                ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
