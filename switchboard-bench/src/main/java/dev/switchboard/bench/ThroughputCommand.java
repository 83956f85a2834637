package dev.switchboard.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code throughput}: open-loop load at increasing rates through the gateway, each rate also sent
 * direct to the simulator for reference, to find the highest rate the gateway sustains.
 */
@Command(name = "throughput", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Open-loop load at increasing rates, through the gateway and direct to the simulator, to find "
                + "the highest rate the gateway sustains (no errors, at least 99%% of the rate achieved).")
final class ThroughputCommand implements Callable<Integer> {

    static final double SUSTAINED_FRACTION = 0.99;
    static final double TARGET_RATE = 5_000;
    /** Peak target with auth, Redis limits and accounting on ({@code --with-limits}). */
    static final double LIMITS_TARGET_RATE = 4_000;

    @Mixin
    BenchOptions options;

    @Option(names = "--rates", paramLabel = "LIST", split = ",", defaultValue = "1000,2000,3000,4000,5000,6000,7000",
            description = "Arrival rates to try, requests per second, in order (default ${DEFAULT-VALUE}).")
    List<Double> rates;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "20s", converter = DurationConverter.class,
            description = "Measured time per rate and target (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "Unrecorded load at the same rate before each phase (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--initial-warmup", paramLabel = "DURATION", defaultValue = "20s", converter = DurationConverter.class,
            description = "Before the first rate, unrecorded load on each target at a gentle rate (a quarter of the "
                    + "first rate, at least 100 req/s), so JIT compilation does not count against the first rate "
                    + "(default ${DEFAULT-VALUE}; 0 to skip).")
    Duration initialWarmup;

    @Option(names = "--no-direct", description = "Skip the direct-to-simulator reference phases.")
    boolean noDirect;

    @Option(names = "--stop-after-failures", paramLabel = "N", defaultValue = "2",
            description = "Stop after the gateway failed this many rates in a row; 0 runs every rate (default ${DEFAULT-VALUE}).")
    int stopAfterFailures;

    @Option(names = "--stream", description = "Streaming requests (complete streams per second).")
    boolean stream;

    @Option(names = "--response-tokens", paramLabel = "N", defaultValue = "16",
            description = "Simulator answer length in tokens (default ${DEFAULT-VALUE}).")
    int responseTokens;

    @Option(names = "--client", paramLabel = "KIND", defaultValue = "selector",
            description = "Load generator client: selector (an event loop per target) or virtual_threads (a virtual "
                    + "thread per request) (default ${DEFAULT-VALUE}).")
    LoadClient client;

    @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "10000",
            description = "Requests in flight beyond which a due request is not sent but counted as an error "
                    + "(default ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Override
    public Integer call() throws Exception {
        Instant started = Instant.now();
        Report report = BenchRun.newReport("throughput", "Throughput: highest sustained rate through the gateway"
                + (stream ? " (streaming)" : ""), started);
        List<String> simArgs = List.of("--ttft", "0ms", "--tokens-per-second", "0",
                "--response-tokens", Integer.toString(responseTokens));
        List<PhaseResult> phases = new ArrayList<>();
        try (TestBed bed = TestBed.start(options, simArgs, System.err)) {
            report.headerSection("Processes", BenchRun.processFacts(bed));
            report.headerSection("Parameters", parameters(bed));
            Target gateway = bed.gateway(stream, options.timeouts());
            Target direct = bed.direct(stream, options.timeouts());
            Duration drain = options.readTimeout.plusSeconds(5);
            int failuresInARow = 0;
            try (Exchanges gatewayClient = client.open(gateway, options.timeouts());
                 Exchanges directClient = client.open(direct, options.timeouts())) {
                if (!initialWarmup.isZero() && !rates.isEmpty()) {
                    double gentle = Math.max(100, rates.get(0) / 4);
                    for (Target t : noDirect ? List.of(gateway) : List.of(gateway, direct)) {
                        OpenLoopPhase.Spec spec = new OpenLoopPhase.Spec(t.name() + " initial warm-up @ "
                                + Report.number(gentle, 0), t, gentle, initialWarmup, Duration.ZERO, drain, maxInFlight);
                        new OpenLoopPhase(spec, t == gateway ? gatewayClient : directClient, bed.pids(), System.err,
                                options.progressEvery).run();
                        System.err.println("[" + spec.label() + "] done");
                    }
                }
                for (double rate : rates) {
                    List<Target> targets = noDirect ? List.of(gateway) : List.of(gateway, direct);
                    for (Target t : targets) {
                        OpenLoopPhase.Spec spec = new OpenLoopPhase.Spec(t.name() + " @ " + Report.number(rate, 0),
                                t, rate, warmup, duration, drain, maxInFlight);
                        PhaseResult r = new OpenLoopPhase(spec, t == gateway ? gatewayClient : directClient, bed.pids(),
                                System.err, options.progressEvery).run();
                        System.err.println("[" + spec.label() + "] done: achieved " + Report.number(r.achievedRate(), 1)
                                + " req/s, errors " + r.errors().summary() + ", "
                                + (r.sustained(SUSTAINED_FRACTION) ? "sustained" : "NOT sustained")
                                + GatewayTimeReport.consoleSuffix(r));
                        phases.add(r);
                        if (t == gateway) {
                            failuresInARow = r.sustained(SUSTAINED_FRACTION) ? 0 : failuresInARow + 1;
                        }
                    }
                    if (stopAfterFailures > 0 && failuresInARow >= stopAfterFailures) {
                        System.err.println("gateway failed " + failuresInARow + " rates in a row: stopping");
                        break;
                    }
                }
            } catch (RuntimeException e) {
                bed.markFailed();
                throw e;
            }
        }
        writeResults(report, phases);
        BenchRun.finish(report, options);
        return 0;
    }

    private Map<String, String> parameters(TestBed bed) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("rates", rates.stream().map(r -> Report.number(r, 0)).collect(Collectors.joining(", "))
                + " req/s, open loop; for each rate the gateway first, then direct (same rate) for reference");
        p.put("initial warm-up", initialWarmup.isZero() ? "none" : DurationConverter.format(initialWarmup)
                + " per target at a quarter of the first rate (min 100 req/s), not recorded");
        p.put("each phase", DurationConverter.format(warmup) + " warm-up (not recorded) + "
                + DurationConverter.format(duration) + " measured");
        p.put("sustained means", "zero errors of any kind and achieved ≥ " + Math.round(SUSTAINED_FRACTION * 100)
                + "% of the rate (achieved = successful responses ÷ time from the first measured send to the last "
                + "measured response)");
        p.put("stop rule", stopAfterFailures == 0 ? "every rate is run"
                : "stop after " + stopAfterFailures + " failing gateway rates in a row");
        p.put("request", (stream ? "streaming " : "non-streaming ") + "POST /v1/chat/completions, prompt "
                + options.promptDescription());
        p.put("simulator", "zero delay (ttft 0, no pacing), " + responseTokens + " response tokens");
        p.put("gateway pipeline", options.gatewayPipeline());
        if (bed.guardsCheck() != null) {
            p.put("guards pre-flight check", bed.guardsCheck());
        }
        p.put("HTTP client", client.description() + " (the same for both targets)");
        p.put("timeouts", "connect " + DurationConverter.format(options.connectTimeout) + ", read "
                + DurationConverter.format(options.readTimeout) + "; in-flight cap " + maxInFlight);
        return p;
    }

    private void writeResults(Report report, List<PhaseResult> phases) {
        report.heading("Results");
        MarkdownTable table = new MarkdownTable(">rate", "target", ">achieved req/s", ">% of rate", "errors", ">p50 ms",
                ">p99 ms", ">max ms", ">sched. lag p99 ms", ">gateway p99 (Server-Timing) ms", ">peak in flight",
                "CPU (cores)", "sustained");
        for (PhaseResult p : phases) {
            boolean any = p.ok() > 0;
            table.row(Report.number(p.rate(), 0), p.target(), Report.number(p.achievedRate(), 1),
                    Report.number(100 * p.achievedRate() / p.rate(), 1) + "%", p.errors().summary(),
                    any ? Report.millis(p.latency().getValueAtPercentile(50)) : "-",
                    any ? Report.millis(p.latency().getValueAtPercentile(99)) : "-",
                    any ? Report.millis(p.latency().getMaxValue()) : "-",
                    p.scheduleLag().getTotalCount() == 0 ? "-" : Report.millis(p.scheduleLag().getValueAtPercentile(99)),
                    GatewayTimeReport.p99Cell(p), p.peakInFlight(), p.cpu().coresSummary(),
                    p.sustained(SUSTAINED_FRACTION) ? "yes" : "**no**");
        }
        report.table(table);
        report.paragraph("Latency runs from the scheduled send time to the last response byte (open loop, no "
                + "coordinated omission). CPU is the average number of cores each process kept busy during the "
                + "measured part; the load generator, the simulator and the gateway share the machine's cores. "
                + "Gateway p99 (Server-Timing) is the p99 of the gateway's own time per request as it reports it in "
                + "its `Server-Timing: gateway;dur=…` header (handler start to response ready, minus waits on the "
                + "upstream socket).");
        report.subheading("Highest sustained rate");
        List<String> lines = new ArrayList<>();
        double gatewayBest = highestSustained(phases, "gateway");
        double directBest = highestSustained(phases, "direct");
        lines.add("gateway: " + (gatewayBest > 0 ? Report.number(gatewayBest, 0) + " req/s" : "none of the rates tried"));
        if (!noDirect) {
            lines.add("direct (reference): " + (directBest > 0 ? Report.number(directBest, 0) + " req/s"
                    : "none of the rates tried"));
        }
        if (options.withPii != null || options.withGuards) {
            lines.add("(no throughput target with PII detection or guards on; the ≥ " + Report.number(TARGET_RATE, 0)
                    + " req/s target is the bare gateway's)");
        } else if (!stream) {
            boolean limits = options.withLimits != null;
            double target = limits ? LIMITS_TARGET_RATE : TARGET_RATE;
            lines.add("project target ≥ " + Report.number(target, 0) + " req/s error-free through the gateway"
                    + (limits ? " with limits and accounting" : "") + ": "
                    + (gatewayBest >= target ? "**met**" : "**missed**"));
        }
        boolean nonMonotonic = false;
        boolean failedBefore = false;
        for (PhaseResult p : phases) {
            if (p.target().equals("gateway")) {
                if (p.sustained(SUSTAINED_FRACTION) && failedBefore) {
                    nonMonotonic = true;
                }
                failedBefore |= !p.sustained(SUSTAINED_FRACTION);
            }
        }
        if (nonMonotonic) {
            lines.add("note: the gateway failed a lower rate but sustained a higher one; the result is noisy, "
                    + "re-run before relying on it");
        }
        report.bullets(lines);
        List<String> errors = new ArrayList<>();
        for (PhaseResult p : phases) {
            BenchRun.errorDetails(p.errors()).forEach(e -> errors.add(p.label() + " — " + e));
        }
        if (!errors.isEmpty()) {
            report.subheading("Errors");
            report.bullets(errors);
        }
    }

    static double highestSustained(List<PhaseResult> phases, String target) {
        double best = 0;
        for (PhaseResult p : phases) {
            if (p.target().equals(target) && p.sustained(SUSTAINED_FRACTION)) {
                best = Math.max(best, p.rate());
            }
        }
        return best;
    }
}
