package dev.switchboard.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * One open-loop phase against one target: requests are started at {@code t0 + i / rate} whatever
 * happened to earlier ones, each on its own virtual thread, and each latency is measured from the
 * request's <em>scheduled</em> send time to the last byte of its response. A slow response therefore
 * cannot delay later sends and hide their waiting time (no coordinated omission).
 *
 * <p>A platform thread keeps the schedule: it parks until the next request is due, then hands every
 * due request to the {@link Exchanges} (an event loop, or a virtual thread per request). How late
 * each request was really written (the schedule lag) is recorded too; it is the generator's own
 * overhead, and it is included in the latencies.
 */
final class OpenLoopPhase {

    /**
     * @param label        for progress lines and reports
     * @param warmup       load at the same rate before measuring; not recorded
     * @param duration     measured part
     * @param drainTimeout how long to wait after the last send for responses still in flight
     * @param maxInFlight  safety valve: a request due while this many are in flight is not sent and
     *                     counts as an error (so an overload shows up as errors, not a hung machine)
     */
    record Spec(String label, Target target, double rate, Duration warmup, Duration duration,
                Duration drainTimeout, int maxInFlight) {
    }

    private final Spec spec;
    private final Exchanges exchanges;
    private final Map<String, Long> pids;
    private final PrintStream progressOut;
    private final Duration progressEvery;

    private final LatencyRecorder latency = new LatencyRecorder();
    private final LatencyRecorder firstEvent = new LatencyRecorder();
    private final LatencyRecorder gatewayTime = new LatencyRecorder(LatencyRecorder.FINE_SIGNIFICANT_DIGITS);
    private final LatencyRecorder lag = new LatencyRecorder();
    private final ErrorCounts errors = new ErrorCounts();
    private final LongAdder sent = new LongAdder();
    private final LongAdder ok = new LongAdder();
    private final LongAdder completedAll = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();
    private final AtomicLong lastCompletion = new AtomicLong(Long.MIN_VALUE);
    private volatile boolean abandoned;
    private volatile boolean measuring;

    OpenLoopPhase(Spec spec, Exchanges exchanges, Map<String, Long> pids, PrintStream progressOut,
                  Duration progressEvery) {
        this.spec = spec;
        this.exchanges = exchanges;
        this.pids = pids;
        this.progressOut = progressOut;
        this.progressEvery = progressEvery;
    }

    PhaseResult run() {
        OpenLoopSchedule schedule = OpenLoopSchedule.of(spec.rate(), spec.warmup().toNanos(), spec.duration().toNanos());
        CpuMeter cpu = new CpuMeter(pids);
        long connectionsBefore = exchanges.connectionsOpened();
        long start = System.nanoTime() + 2_000_000;
        long measureStart = start + schedule.measureStartOffsetNanos();
        long total = schedule.totalCount();
        CpuMeter.Usage usage;
        try (Progress progress = Progress.every(progressEvery, progressOut, new ProgressLine(start))) {
            long next = 0;
            while (next < total) {
                long now = System.nanoTime();
                long due = schedule.dueCount(now - start);
                for (; next < due; next++) {
                    if (next == schedule.warmupCount()) {
                        measuring = true;
                        cpu.start(System.nanoTime());
                    }
                    launch(start + schedule.offsetNanos(next), schedule.isMeasured(next));
                }
                if (next < total) {
                    long wait = start + schedule.offsetNanos(next) - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
            }
            if (schedule.measuredCount() == 0) {
                cpu.start(System.nanoTime());
            }
            drain();
            usage = cpu.stop(System.nanoTime());
        }
        long last = lastCompletion.get();
        double window = last == Long.MIN_VALUE ? 0 : (last - measureStart) / 1e9;
        return new PhaseResult(spec.label(), spec.target().name(), spec.rate(), schedule.measuredCount(), sent.sum(),
                ok.sum(), errors, latency.total(), spec.target().streaming() ? firstEvent.total() : null,
                gatewayTime.total(), lag.total(), window, usage, exchanges.connectionsOpened() - connectionsBefore,
                peakInFlight.get());
    }

    private void launch(long scheduledNanos, boolean measured) {
        int now = inFlight.incrementAndGet();
        if (now > spec.maxInFlight()) {
            inFlight.decrementAndGet();
            if (measured) {
                errors.add(ErrorCounts.IN_FLIGHT_LIMIT, spec.maxInFlight() + " requests were in flight");
            }
            return;
        }
        peakInFlight.accumulateAndGet(now, Math::max);
        exchanges.submit(new Request(scheduledNanos, measured));
    }

    /** The accounting of one request. */
    private final class Request implements Exchanges.Callback {
        private final long scheduledNanos;
        private final boolean measured;
        private boolean sent;

        Request(long scheduledNanos, boolean measured) {
            this.scheduledNanos = scheduledNanos;
            this.measured = measured;
        }

        @Override
        public void sending(long nanos) {
            if (measured && !sent) {
                lag.recordNanos(nanos - scheduledNanos);
                OpenLoopPhase.this.sent.increment();
            }
            sent = true;
        }

        @Override
        public void completed(Reply reply, long end) {
            try {
                completedAll.increment();
                if (!measured || abandoned) {
                    return;
                }
                if (!reply.successful()) {
                    errors.add("http " + reply.status(), reply.errorBody());
                } else if (spec.target().streaming() && !reply.sawDone()) {
                    errors.add(ErrorCounts.NO_DONE, reply.events() + " events, no [DONE]");
                } else {
                    ok.increment();
                    latency.recordNanos(end - scheduledNanos);
                    if (spec.target().streaming()) {
                        firstEvent.recordNanos(reply.firstEventNanos() - scheduledNanos);
                    }
                    if (reply.gatewayMicros() != ServerTiming.NONE) {
                        gatewayTime.recordMicros(reply.gatewayMicros());
                    }
                    lastCompletion.accumulateAndGet(end, Math::max);
                }
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public void failed(IOException failure) {
            try {
                if (measured && !abandoned) {
                    errors.add(failure);
                }
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private void drain() {
        long deadline = System.nanoTime() + spec.drainTimeout().toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(5_000_000);
        }
        int left = inFlight.get();
        if (left > 0) {
            abandoned = true;
            for (int i = 0; i < left; i++) {
                errors.add(ErrorCounts.UNFINISHED, left + " requests still in flight " + spec.drainTimeout()
                        + " after the last send");
            }
            exchanges.abortInFlight();
        }
    }

    /** "[gateway round 1] 12.0 s measuring: sent 6000, ok 5990, errors 0, 499 resp/s, p99 1.234 ms, in flight 3". */
    private final class ProgressLine implements Progress.Line {
        private final long start;
        private long lastCompleted;
        private long lastNanos;

        ProgressLine(long start) {
            this.start = start;
            this.lastNanos = start;
        }

        @Override
        public String next(long nowNanos) {
            long completed = completedAll.sum();
            double seconds = (nowNanos - lastNanos) / 1e9;
            double rate = seconds > 0 ? (completed - lastCompleted) / seconds : 0;
            lastCompleted = completed;
            lastNanos = nowNanos;
            Histogram interval = latency.interval();
            String p99 = interval.getTotalCount() == 0 ? "-"
                    : Report.millis(interval.getValueAtPercentile(99));
            return String.format(Locale.ROOT, "[%s] %5.1f s %s: sent %d, ok %d, errors %d, %.0f resp/s, p99 %s ms, in flight %d",
                    spec.label(), (nowNanos - start) / 1e9, measuring ? "measuring" : "warm-up", sent.sum(), ok.sum(),
                    errors.total(), rate, p99, inFlight.get());
        }
    }
}
