package dev.switchboard.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code streams}: a soak at fixed concurrency of paced streams through the gateway, sampling the
 * gateway's heap after full GCs to tell a flat heap from a leak.
 */
@Command(name = "streams", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Closed-loop soak: N users each stream a chat completion through the gateway to [DONE] and "
                + "immediately open the next; samples the gateway's heap after a full GC and judges its flatness.")
final class StreamsCommand implements Callable<Integer> {

    enum Through { gateway, direct }

    static final double FLAT_TOLERANCE_FRACTION = 0.10;
    static final double FLAT_TOLERANCE_MB = 16;

    @Mixin
    BenchOptions options;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "2000",
            description = "Users, i.e. streams kept open at once (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--tokens-per-second", paramLabel = "N", defaultValue = "50",
            description = "Simulator streaming pace per stream (default ${DEFAULT-VALUE}).")
    double tokensPerSecond;

    @Option(names = "--response-tokens", paramLabel = "N", defaultValue = "250",
            description = "Tokens per answer (default ${DEFAULT-VALUE}).")
    int responseTokens;

    @Option(names = "--ttft", paramLabel = "DURATION", defaultValue = "0", converter = DurationConverter.class,
            description = "Simulator time to first token (default ${DEFAULT-VALUE}).")
    Duration ttft;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "10m", converter = DurationConverter.class,
            description = "Soak length, ramp-up included (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--ramp-up", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "Users start spread over this span (default ${DEFAULT-VALUE}).")
    Duration rampUp;

    @Option(names = "--heap-every", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "Period of heap samples (jcmd GC.run + GC.heap_info) (default ${DEFAULT-VALUE}).")
    Duration heapEvery;

    @Option(names = "--heap-warmup", paramLabel = "DURATION", defaultValue = "1m", converter = DurationConverter.class,
            description = "Heap samples before this are shown but left out of the flatness verdict (default ${DEFAULT-VALUE}).")
    Duration heapWarmup;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long streams open at the end may take to finish (default ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(names = "--through", paramLabel = "gateway|direct", defaultValue = "gateway",
            description = "Stream through the gateway (default) or straight to the simulator (a reference for the "
                    + "client and simulator alone; the heap sampled is then the simulator's).")
    Through through;

    enum Client { selector, virtual_threads, platform_threads }

    @Option(names = "--client", paramLabel = "KIND", defaultValue = "selector",
            description = "Streaming client: selector (one non-blocking event loop; cheapest per event), "
                    + "virtual_threads or platform_threads (one blocking thread per user) (default ${DEFAULT-VALUE}).")
    Client client;

    @Override
    public Integer call() throws Exception {
        if (concurrency < 1 || !(tokensPerSecond > 0) || responseTokens < 1) {
            System.err.println("streams: --concurrency, --tokens-per-second and --response-tokens must be positive");
            return 2;
        }
        Instant started = Instant.now();
        Report report = BenchRun.newReport("streams", "Streams: " + concurrency + " concurrent streams at "
                + Report.number(tokensPerSecond, 0) + " tokens/s" + (through == Through.direct ? " (direct)" : ""), started);
        List<String> simArgs = List.of("--ttft", ttft.toMillis() + "ms", "--tokens-per-second",
                Double.toString(tokensPerSecond), "--response-tokens", Integer.toString(responseTokens));
        Outcome outcome;
        try (TestBed bed = TestBed.start(options, simArgs, System.err)) {
            report.headerSection("Processes", BenchRun.processFacts(bed));
            report.headerSection("Parameters", parameters());
            Target target = through == Through.gateway ? bed.gateway(true, options.timeouts())
                    : bed.direct(true, options.timeouts());
            long pid = through == Through.gateway ? bed.gatewayProcess().pid() : bed.simulatorProcess().pid();
            try {
                outcome = soak(bed, target, pid);
            } catch (RuntimeException | InterruptedException e) {
                bed.markFailed();
                throw e;
            } finally {
                target.pool().closeAll();
            }
        }
        writeResults(report, outcome);
        BenchRun.finish(report, options);
        return 0;
    }

    private record Outcome(StreamLoad load, OpenStreamsGauge gauge, HeapSampler heap, CpuMeter.Usage cpu,
                           long connectionsOpened, long staleRetries) {
    }

    private Outcome soak(TestBed bed, Target target, long pid) throws InterruptedException, java.io.IOException {
        StreamLoad.Spec spec = new StreamLoad.Spec(target, concurrency, rampUp, duration, drainTimeout);
        StreamLoad load = client == Client.selector ? new SelectorStreams(spec, options.timeouts())
                : new ClosedLoopStreams(spec, new Http1Client(System::nanoTime), client == Client.platform_threads);
        HeapSampler heap = new HeapSampler(pid, heapEvery, load::openStreams, load::events);
        heap.sampleBaseline();
        CpuMeter cpu = new CpuMeter(bed.pids());
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        cpu.start(start);
        load.start(start);
        heap.begin(start, end);
        OpenStreamsGauge gauge = new OpenStreamsGauge(load, start + rampUp.toNanos(), end);
        Thread gaugeThread = Thread.ofPlatform().daemon().name("bench-open-streams").start(gauge);
        try (Progress progress = Progress.every(options.progressEvery.compareTo(Duration.ofSeconds(10)) < 0
                ? Duration.ofSeconds(10) : options.progressEvery, System.err, new ProgressLine(load, heap, start))) {
            long wait;
            while ((wait = end - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            gaugeThread.join();
            heap.close();
            System.err.println("[streams] duration reached: waiting for " + load.openStreams() + " open streams to finish");
            load.awaitEnd();
        }
        CpuMeter.Usage usage = cpu.stop(System.nanoTime());
        return new Outcome(load, gauge, heap, usage, load.connectionsOpened(), load.staleRetries());
    }

    private Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("concurrency", concurrency + " users, closed loop (each opens its next stream as soon as the previous "
                + "ends with [DONE]); started spread over " + DurationConverter.format(rampUp));
        p.put("path", through == Through.gateway ? "through the gateway (model \"bench\")"
                : "direct to the simulator (reference run)");
        p.put("duration", DurationConverter.format(duration) + " (ramp-up included), then open streams are read to "
                + "their end (drain timeout " + DurationConverter.format(drainTimeout) + ")");
        p.put("simulator", responseTokens + " tokens per answer at " + Report.number(tokensPerSecond, 0)
                + " tokens/s, ttft " + DurationConverter.format(ttft));
        p.put("heap samples", "every " + DurationConverter.format(heapEvery) + ": `jcmd <pid> GC.run`, then "
                + "`jcmd <pid> GC.heap_info`; samples before " + DurationConverter.format(heapWarmup)
                + " are left out of the verdict");
        p.put("flat means", "mean of the last third of samples − mean of the first third ≤ max("
                + Math.round(FLAT_TOLERANCE_FRACTION * 100) + "% of the first third, " + Math.round(FLAT_TOLERANCE_MB)
                + " MB), and the least-squares slope × the span within the same bound");
        p.put("timeouts", "connect " + DurationConverter.format(options.connectTimeout) + ", read "
                + DurationConverter.format(options.readTimeout) + " (a stream fails if no byte arrives for that long)");
        p.put("gateway pipeline", options.gatewayPipeline());
        p.put("HTTP client", switch (client) {
            case selector -> "the bench's own HTTP/1.1 client on one non-blocking event loop (java.nio Selector), "
                    + "one keep-alive connection per user, responses parsed as bytes arrive";
            case virtual_threads -> "the bench's own blocking HTTP/1.1 client, one virtual thread per user";
            case platform_threads -> "the bench's own blocking HTTP/1.1 client, one platform thread per user";
        });
        return p;
    }

    private void writeResults(Report report, Outcome o) {
        StreamLoad load = o.load();
        OpenStreamsGauge gauge = o.gauge();
        double steadySeconds = gauge.steadySeconds();
        double eventsPerSecond = steadySeconds > 0 ? gauge.steadyEvents() / steadySeconds : 0;
        double streamsPerSecond = steadySeconds > 0 ? gauge.steadyCompleted() / steadySeconds : 0;
        double idealStreamSeconds = ttft.toNanos() / 1e9 + responseTokens / tokensPerSecond;
        double eventsPerStream = responseTokens + 3.0; // role chunk, one per token, finish chunk, [DONE]
        double nominal = concurrency * tokensPerSecond;
        double expected = concurrency * eventsPerStream / idealStreamSeconds;
        Histogram firstEvent = load.firstEvent().total();
        Histogram streamTime = load.streamTime().total();
        long completed = load.completed();
        long errors = load.errors().total();

        report.heading("Results");
        MarkdownTable summary = new MarkdownTable("measure", ">value");
        summary.row("open streams (client side): target", concurrency);
        summary.row("open streams: peak", gauge.peak(load));
        summary.row("open streams: mean / min after ramp-up (sampled every 100 ms)",
                Report.number(gauge.mean(), 1) + " / " + gauge.min());
        summary.row("streams started / completed with [DONE]", load.started() + " / " + completed);
        summary.row("streams completed per second (after ramp-up)", Report.number(streamsPerSecond, 1));
        summary.row("events received (total)", Report.number(load.events(), 0));
        summary.row("events per second (after ramp-up)", Report.number(eventsPerSecond, 0));
        summary.row("nominal token rate N × tokens/s", Report.number(nominal, 0));
        summary.row("expected events/s, N × " + (long) eventsPerStream + " events ÷ " + Report.number(idealStreamSeconds, 2)
                + " s ideal stream", Report.number(expected, 0));
        summary.row("measured ÷ expected events/s", Report.number(100 * eventsPerSecond / expected, 1) + "%");
        summary.row("events per completed stream (mean; expected " + (long) eventsPerStream + ")",
                completed == 0 ? "-" : Report.number((double) load.eventsOfCompleteStreams() / completed, 2));
        summary.row("time to first event p50 / p99 / max (ms)", completed == 0 ? "-"
                : Report.millis(firstEvent.getValueAtPercentile(50)) + " / "
                + Report.millis(firstEvent.getValueAtPercentile(99)) + " / " + Report.millis(firstEvent.getMaxValue()));
        summary.row("stream duration p50 / p99 / max (s; ideal " + Report.number(idealStreamSeconds, 2) + ")",
                completed == 0 ? "-" : seconds(streamTime.getValueAtPercentile(50)) + " / "
                        + seconds(streamTime.getValueAtPercentile(99)) + " / " + seconds(streamTime.getMaxValue()));
        summary.row("errors", load.errors().summary());
        summary.row("connections opened by the client / stale keep-alive retries",
                o.connectionsOpened() + " / " + o.staleRetries());
        summary.row("CPU, whole run (average cores busy)", o.cpu().coresSummary());
        report.table(summary);
        report.paragraph("A stream counts as an error if it gets a non-2xx status, fails on I/O or timeout, or ends "
                + "without `data: [DONE]`. Stream duration far above the ideal, or events/s well below expected, "
                + "means tokens were delayed somewhere (gateway, simulator or this client: compare CPU use, and a "
                + "`--through direct` run).");

        HeapSampler heap = o.heap();
        report.subheading("Heap of the " + (through == Through.gateway ? "gateway" : "simulator")
                + " after a full GC");
        MarkdownTable heapTable = new MarkdownTable(">minute", ">used MB", ">committed MB", ">RSS MB", ">threads",
                ">open streams", ">events/s", ">GC.run ms", "in verdict");
        HeapSampler.Sample baseline = heap.baseline();
        if (baseline != null) {
            heapTable.row("idle", Report.number(baseline.usedMb(), 1), Report.number(baseline.committedMb(), 1),
                    Report.number(baseline.rssMb(), 1), Report.number(baseline.threads(), 0), "-", "-",
                    baseline.gcMillis(), "no (before load)");
        }
        List<HeapTrend.Sample> series = new ArrayList<>();
        double warmupMinutes = heapWarmup.toNanos() / 60e9;
        for (HeapSampler.Sample s : heap.samples()) {
            boolean used = s.minutes() + 1e-6 >= warmupMinutes;
            if (used) {
                series.add(new HeapTrend.Sample(s.minutes(), s.usedMb()));
            }
            heapTable.row(Report.number(s.minutes(), 2), Report.number(s.usedMb(), 1), Report.number(s.committedMb(), 1),
                    Report.number(s.rssMb(), 1), Report.number(s.threads(), 0), s.openStreams(),
                    Report.number(s.eventsPerSecond(), 0), s.gcMillis(), used ? "yes" : "no (warm-up)");
        }
        report.table(heapTable);
        if (!heap.failures().isEmpty()) {
            report.bullets(heap.failures().stream().map(f -> "heap sample failed " + f).toList());
        }
        HeapTrend trend = HeapTrend.of(series, FLAT_TOLERANCE_FRACTION, FLAT_TOLERANCE_MB);
        List<String> verdict = new ArrayList<>();
        if (trend.verdict() == HeapTrend.Verdict.INSUFFICIENT_DATA) {
            verdict.add("only " + trend.samples() + " samples after warm-up: too few for a verdict (need 3)");
        } else {
            verdict.add(String.format(Locale.ROOT, "first third mean %.1f MB, last third mean %.1f MB: %+.1f MB",
                    trend.firstThirdMeanMb(), trend.lastThirdMeanMb(), trend.thirdsGrowthMb()));
            verdict.add(String.format(Locale.ROOT, "least-squares slope %+.3f MB/min over %.1f min: %+.1f MB projected",
                    trend.slopeMbPerMinute(), trend.spanMinutes(), trend.projectedGrowthMb()));
            verdict.add(String.format(Locale.ROOT, "allowed growth %.1f MB → verdict: **%s**", trend.allowedGrowthMb(),
                    trend.verdict() == HeapTrend.Verdict.FLAT ? "flat" : "growing"));
        }
        report.subheading("Heap verdict (" + trend.samples() + " samples)");
        report.bullets(verdict);

        report.subheading("Against the project's target");
        List<String> checks = new ArrayList<>();
        if (through == Through.direct) {
            checks.add("**reference run straight to the simulator**: the target applies to the gateway; this run "
                    + "shows what the client and the simulator alone achieve on this machine");
        }
        checks.add("project target: 2,000 concurrent streams at 50 tokens/s through a gateway started with -Xmx512m, "
                + "no errors, flat heap over a 10-minute soak; this run: " + concurrency + " streams at "
                + Report.number(tokensPerSecond, 0) + " tokens/s for " + DurationConverter.format(duration)
                + (through == Through.gateway ? ", gateway JVM flags `" + String.join(" ", options.gatewayJvmFlags()) + "`"
                : ""));
        checks.add("concurrency reached: peak " + gauge.peak(load) + ", mean after ramp-up " + Report.number(gauge.mean(), 1)
                + " — " + (gauge.peak(load) >= concurrency && gauge.mean() >= 0.99 * concurrency ? "**yes**" : "**no**"));
        checks.add("errors: " + errors + " — " + (errors == 0 ? "**none**" : "**not zero**"));
        checks.add("pace held (events/s ≥ 95% of expected): " + Report.number(100 * eventsPerSecond / expected, 1) + "% — "
                + (eventsPerSecond >= 0.95 * expected ? "**yes**" : "**no**"));
        checks.add("heap: **" + trend.verdict().name().toLowerCase(Locale.ROOT).replace('_', ' ') + "**");
        report.bullets(checks);
        List<String> errorLines = BenchRun.errorDetails(load.errors());
        if (!errorLines.isEmpty()) {
            report.subheading("Errors");
            report.bullets(errorLines);
        }
    }

    private static String seconds(long micros) {
        return String.format(Locale.ROOT, "%.3f", micros / 1e6);
    }

    /** Samples the number of open streams every 100 ms between the end of the ramp-up and the end. */
    private static final class OpenStreamsGauge implements Runnable {
        private final StreamLoad load;
        private final long steadyStart;
        private final long end;
        private long sum;
        private long samples;
        private int min = Integer.MAX_VALUE;
        private long eventsAtStart = -1;
        private long completedAtStart;
        private long eventsAtEnd;
        private long completedAtEnd;
        private long steadyStartActual;
        private long endActual;

        OpenStreamsGauge(StreamLoad load, long steadyStart, long end) {
            this.load = load;
            this.steadyStart = steadyStart;
            this.end = end;
        }

        @Override
        public void run() {
            long next = steadyStart;
            while (true) {
                long wait;
                while ((wait = next - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                long now = System.nanoTime();
                if (now >= end) {
                    synchronized (this) {
                        eventsAtEnd = load.events();
                        completedAtEnd = load.completed();
                        endActual = now;
                    }
                    return;
                }
                int open = load.openStreams();
                synchronized (this) {
                    if (eventsAtStart < 0) {
                        eventsAtStart = load.events();
                        completedAtStart = load.completed();
                        steadyStartActual = now;
                    }
                    sum += open;
                    samples++;
                    min = Math.min(min, open);
                }
                next = Math.min(next + 100_000_000L, end);
            }
        }

        synchronized double mean() {
            return samples == 0 ? 0 : (double) sum / samples;
        }

        synchronized int min() {
            return samples == 0 ? 0 : min;
        }

        int peak(StreamLoad load) {
            return load.peakOpenStreams();
        }

        synchronized long steadyEvents() {
            return eventsAtStart < 0 ? 0 : eventsAtEnd - eventsAtStart;
        }

        synchronized long steadyCompleted() {
            return eventsAtStart < 0 ? 0 : completedAtEnd - completedAtStart;
        }

        synchronized double steadySeconds() {
            return eventsAtStart < 0 ? 0 : (endActual - steadyStartActual) / 1e9;
        }
    }

    /** "[streams] 120 s: open 2000 (peak 2000), completed 45,000, errors 0, 100,512 events/s, heap 45.2 MB". */
    private static final class ProgressLine implements Progress.Line {
        private final StreamLoad load;
        private final HeapSampler heap;
        private final long start;
        private long lastEvents;
        private long lastNanos;

        ProgressLine(StreamLoad load, HeapSampler heap, long start) {
            this.load = load;
            this.heap = heap;
            this.start = start;
            this.lastNanos = start;
        }

        @Override
        public String next(long nowNanos) {
            long events = load.events();
            double rate = (events - lastEvents) / ((nowNanos - lastNanos) / 1e9);
            lastEvents = events;
            lastNanos = nowNanos;
            List<HeapSampler.Sample> samples = heap.samples();
            String lastHeap = samples.isEmpty() ? "-" : Report.number(samples.get(samples.size() - 1).usedMb(), 1) + " MB";
            return String.format(Locale.ROOT, "[streams] %5.0f s: open %d (peak %d), completed %,d, errors %d, "
                            + "%,.0f events/s, heap after GC %s", (nowNanos - start) / 1e9, load.openStreams(),
                    load.peakOpenStreams(), load.completed(), load.errors().total(), rate, lastHeap);
        }
    }
}
