package dev.switchboard.bench;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * How the reports show the gateway's own time per request, as the gateway reported it in
 * {@code Server-Timing: gateway;dur=...} ({@link PhaseResult#gatewayTime()}): a section of the
 * {@code latency} report, a suffix of a phase's console line, a cell of the {@code throughput} table.
 * A gateway that sent no such header (a jar from before it) is said to have not reported it.
 */
final class GatewayTimeReport {

    static final String NOT_REPORTED = "not reported by this gateway";

    private GatewayTimeReport() {
    }

    /**
     * Adds the section: percentiles per round and over all rounds, or one line saying that the
     * gateway reported nothing.
     *
     * @param rounds     the gateway's phases, in the order run
     * @param allRounds  the same merged
     */
    static void section(Report report, List<PhaseResult> rounds, PhaseResult allRounds, boolean stream) {
        report.subheading("Gateway's own time (from Server-Timing)");
        report.paragraph("Percentiles of the time the gateway reports per request in its `Server-Timing: "
                + "gateway;dur=…` response header: measured inside the gateway from the start of the request handler "
                + "until the response is ready to write, minus the time spent waiting on the upstream socket. Unlike "
                + "the difference of percentiles above, these are per-request values; they exclude the loopback hop "
                + "and the HTTP parsing before the handler, which the difference includes."
                + (stream ? " For streaming requests the header comes with the response head, so the time spent "
                        + "relaying the events is not in it." : ""));
        if (allRounds.ok() == 0) {
            report.paragraph("No successful response through the gateway: nothing to show.");
            return;
        }
        if (allRounds.serverTimed() == 0) {
            report.paragraph(NOT_REPORTED + ": none of its " + allRounds.ok() + " successful responses carried "
                    + "`Server-Timing: gateway;dur=…`.");
            return;
        }
        MarkdownTable table = new MarkdownTable("phase", ">responses with it", ">p50", ">p90", ">p99", ">p99.9",
                ">max");
        for (PhaseResult p : rounds) {
            table.row(row(p.label(), p));
        }
        table.row(row("all rounds", allRounds));
        report.table(table);
    }

    private static Object[] row(String label, PhaseResult p) {
        Histogram h = p.gatewayTime();
        String carried = p.serverTimed() + " of " + p.ok();
        if (h.getTotalCount() == 0) {
            return new Object[] {label, carried, "-", "-", "-", "-", "-"};
        }
        return new Object[] {label, carried, Report.millis(h.getValueAtPercentile(50)),
                Report.millis(h.getValueAtPercentile(90)), Report.millis(h.getValueAtPercentile(99)),
                Report.millis(h.getValueAtPercentile(99.9)), Report.millis(h.getMaxValue())};
    }

    /** {@code ", own time (Server-Timing) p50 0.210 / p99 0.950 ms"}, or "" when the phase carried none. */
    static String consoleSuffix(PhaseResult p) {
        if (p.serverTimed() == 0) {
            return "";
        }
        return ", own time (Server-Timing) p50 " + Report.millis(p.gatewayTime().getValueAtPercentile(50)) + " / p99 "
                + Report.millis(p.gatewayTime().getValueAtPercentile(99)) + " ms";
    }

    /**
     * The p99 in ms; {@link #NOT_REPORTED} for a gateway phase whose successful responses carried
     * none; "-" for direct or for a phase without successful responses.
     */
    static String p99Cell(PhaseResult p) {
        if (p.serverTimed() > 0) {
            return Report.millis(p.gatewayTime().getValueAtPercentile(99));
        }
        return p.target().equals("gateway") && p.ok() > 0 ? NOT_REPORTED : "-";
    }
}
