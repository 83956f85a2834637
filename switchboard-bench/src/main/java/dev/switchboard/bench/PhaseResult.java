package dev.switchboard.bench;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What one open-loop phase measured (warm-up excluded). Histograms hold microseconds.
 *
 * @param label           e.g. "gateway round 1"
 * @param target          target name ("direct" or "gateway")
 * @param rate            requested arrival rate, requests/s
 * @param scheduled       measured requests the schedule held
 * @param sent            measured requests actually started
 * @param ok              2xx responses (complete streams, for streaming)
 * @param errors          failed measured requests by kind
 * @param latency         scheduled send time to last response byte, successful requests
 * @param firstEvent      scheduled send time to first SSE event (streaming), else null
 * @param gatewayTime     the gateway's own time as it reported it ({@code Server-Timing: gateway;dur=...}), one
 *                        value per successful response that carried it; empty for direct and for older gateways
 * @param scheduleLag     actual start minus scheduled send time, every sent request
 * @param windowSeconds   first scheduled measured send to last measured response, seconds
 * @param cpu             CPU used by each process during the measured part
 * @param connectionsOpened connections the generator opened during the phase (keep-alive check)
 * @param peakInFlight    most requests in flight at once
 */
record PhaseResult(String label, String target, double rate, long scheduled, long sent, long ok,
                   ErrorCounts errors, Histogram latency, Histogram firstEvent, Histogram gatewayTime,
                   Histogram scheduleLag, double windowSeconds, CpuMeter.Usage cpu, long connectionsOpened,
                   int peakInFlight) {

    /** Successful responses per second over the measured window. */
    double achievedRate() {
        return windowSeconds > 0 ? ok / windowSeconds : 0;
    }

    /** Successful responses that reported the gateway's own time in a Server-Timing header. */
    long serverTimed() {
        return gatewayTime.getTotalCount();
    }

    /** Whether the phase kept up: no error of any kind and at least {@code fraction} of the rate achieved. */
    boolean sustained(double fraction) {
        return errors.total() == 0 && achievedRate() >= fraction * rate;
    }

    /** One result for several phases against the same target: histograms added, counts summed. */
    static PhaseResult merge(String label, List<PhaseResult> phases) {
        if (phases.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge for " + label);
        }
        PhaseResult first = phases.get(0);
        Histogram latency = LatencyRecorder.newHistogram();
        Histogram firstEvent = first.firstEvent() == null ? null : LatencyRecorder.newHistogram();
        Histogram gatewayTime = LatencyRecorder.newHistogram(first.gatewayTime().getNumberOfSignificantValueDigits());
        Histogram lag = LatencyRecorder.newHistogram();
        ErrorCounts errors = new ErrorCounts();
        long scheduled = 0;
        long sent = 0;
        long ok = 0;
        long connections = 0;
        int peak = 0;
        double window = 0;
        java.util.Map<String, Double> cpu = new java.util.LinkedHashMap<>();
        double wall = 0;
        for (PhaseResult p : phases) {
            latency.add(p.latency());
            if (firstEvent != null && p.firstEvent() != null) {
                firstEvent.add(p.firstEvent());
            }
            gatewayTime.add(p.gatewayTime());
            lag.add(p.scheduleLag());
            errors.addAll(p.errors());
            scheduled += p.scheduled();
            sent += p.sent();
            ok += p.ok();
            connections += p.connectionsOpened();
            peak = Math.max(peak, p.peakInFlight());
            window += p.windowSeconds();
            p.cpu().cpuSeconds().forEach((name, seconds) -> cpu.merge(name, seconds, Double::sum));
            wall += p.cpu().wallSeconds();
        }
        return new PhaseResult(label, first.target(), first.rate(), scheduled, sent, ok, errors, latency, firstEvent,
                gatewayTime, lag, window, new CpuMeter.Usage(cpu, wall), connections, peak);
    }
}
