package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class GatewayTimeReportTest {

    @Test
    void theFineRecorderKeepsEveryMicrosecondWhereTheLatencyRecorderRounds() {
        LatencyRecorder fine = new LatencyRecorder(LatencyRecorder.FINE_SIGNIFICANT_DIGITS);
        LatencyRecorder coarse = new LatencyRecorder();
        fine.recordMicros(20_001);
        coarse.recordMicros(20_001);

        assertThat(fine.total().getMaxValue()).isEqualTo(20_001);
        assertThat(coarse.total().getMaxValue()).isNotEqualTo(20_001);
    }

    @Test
    void latencyReportShowsTheGatewaysOwnTimePerRoundAndOverAllRounds() {
        PhaseResult round1 = gatewayPhase("gateway round 1", 100, 99, 300, 1, 2_500);
        PhaseResult round2 = gatewayPhase("gateway round 2", 100, 98, 410, 2, 5_003);
        PhaseResult all = PhaseResult.merge("gateway", List.of(round1, round2));
        Report report = report();

        GatewayTimeReport.section(report, List.of(round1, round2), all, false);

        String markdown = report.markdown();
        assertThat(markdown).contains("### Gateway's own time (from Server-Timing)")
                .contains("minus the time spent waiting on the upstream socket")
                .contains("exclude the loopback hop and the HTTP parsing before the handler")
                .doesNotContain(GatewayTimeReport.NOT_REPORTED);
        assertThat(row(markdown, "phase")).containsExactly("phase", "responses with it", "p50", "p90", "p99", "p99.9",
                "max");
        assertThat(row(markdown, "gateway round 1")).containsExactly("gateway round 1", "100 of 100", "0.300", "0.300",
                "0.300", "2.500", "2.500");
        assertThat(row(markdown, "gateway round 2")).containsExactly("gateway round 2", "100 of 100", "0.410", "0.410",
                "5.003", "5.003", "5.003");
        assertThat(row(markdown, "all rounds")).containsExactly("all rounds", "200 of 200", "0.410", "0.410", "2.500",
                "5.003", "5.003");
    }

    @Test
    void latencyReportSaysNotReportedWhenNoResponseCarriedTheHeader() {
        PhaseResult round = gatewayPhase("gateway round 1", 50, 0, 0, 0, 0);
        Report report = report();

        GatewayTimeReport.section(report, List.of(round), PhaseResult.merge("gateway", List.of(round)), false);

        assertThat(report.markdown()).contains("not reported by this gateway: none of its 50 successful responses")
                .doesNotContain("| all rounds");
    }

    @Test
    void aRoundWithoutTheHeaderShowsDashesBesideOneWithIt() {
        PhaseResult old = gatewayPhase("gateway round 1", 10, 0, 0, 0, 0);
        PhaseResult current = gatewayPhase("gateway round 2", 10, 10, 700, 0, 0);
        Report report = report();

        GatewayTimeReport.section(report, List.of(old, current), PhaseResult.merge("gateway", List.of(old, current)),
                true);

        assertThat(row(report.markdown(), "gateway round 1")).containsExactly("gateway round 1", "0 of 10", "-", "-",
                "-", "-", "-");
        assertThat(row(report.markdown(), "all rounds")).containsExactly("all rounds", "10 of 20", "0.700", "0.700",
                "0.700", "0.700", "0.700");
        assertThat(report.markdown()).contains("the time spent relaying the events is not in it");
    }

    @Test
    void throughputCellAndConsoleLineShowTheP99ForGatewayPhasesOnly() {
        PhaseResult gateway = gatewayPhase("gateway 1000 req/s", 100, 99, 300, 1, 1_500);
        PhaseResult old = gatewayPhase("gateway 1000 req/s", 100, 0, 0, 0, 0);
        PhaseResult direct = phase("direct 1000 req/s", "direct", 100, LatencyRecorder.newHistogram(4));

        assertThat(GatewayTimeReport.p99Cell(gateway)).isEqualTo("0.300");
        assertThat(GatewayTimeReport.p99Cell(old)).isEqualTo(GatewayTimeReport.NOT_REPORTED);
        assertThat(GatewayTimeReport.p99Cell(direct)).isEqualTo("-");
        assertThat(GatewayTimeReport.consoleSuffix(gateway)).isEqualTo(", own time (Server-Timing) p50 0.300 / p99 0.300 ms");
        assertThat(GatewayTimeReport.consoleSuffix(direct)).isEmpty();
    }

    /** A gateway phase of {@code ok} responses, {@code n1 + n2} of which reported v1 and v2 microseconds. */
    private static PhaseResult gatewayPhase(String label, long ok, long n1, long v1, long n2, long v2) {
        LatencyRecorder recorder = new LatencyRecorder(LatencyRecorder.FINE_SIGNIFICANT_DIGITS);
        for (int i = 0; i < n1; i++) {
            recorder.recordMicros(v1);
        }
        for (int i = 0; i < n2; i++) {
            recorder.recordMicros(v2);
        }
        return phase(label, "gateway", ok, recorder.total());
    }

    private static PhaseResult phase(String label, String target, long ok, Histogram gatewayTime) {
        Histogram latency = LatencyRecorder.newHistogram();
        latency.recordValueWithCount(1_000, ok);
        return new PhaseResult(label, target, 100, ok, ok, ok, new ErrorCounts(), latency, null, gatewayTime,
                LatencyRecorder.newHistogram(), 1, new CpuMeter.Usage(Map.of(), 1), 1, 1);
    }

    private static Report report() {
        return new Report("latency", "test", Instant.EPOCH, "bench/run latency", Map.of());
    }

    /** The trimmed cells of the table row whose first cell is {@code first}. */
    private static List<String> row(String markdown, String first) {
        return markdown.lines().filter(l -> l.startsWith("| " + first + " "))
                .map(l -> Arrays.stream(l.substring(1, l.length() - 1).split("\\|")).map(String::trim).toList())
                .findFirst().orElseThrow(() -> new AssertionError("no row " + first + " in\n" + markdown));
    }
}
