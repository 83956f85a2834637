package dev.switchboard.server.http;

import dev.switchboard.core.api.ApiError;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.time.Ticker;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Refuses new requests while the server cannot keep up, so that an overload degrades into quick
 * 503s instead of a collapse (every request slow, clients timing out, reconnecting and adding
 * work). The signal is the <em>scheduling delay</em>: how late a probe virtual thread that sleeps
 * {@value #PROBE_INTERVAL_MS} ms at a time wakes up. Requests run on the same virtual-thread
 * scheduler, so the probe waits as long as any runnable request does; waiting on upstreams,
 * however many streams are open, costs nothing and does not count.
 *
 * <p>Below the configured maximum nothing is refused; between it and twice it a growing share of
 * new requests is refused; above twice it every new one is. The delay is smoothed over a few probes
 * (one long GC pause does not shed), except that a probe already overdue counts at once.
 * Thread-safe.
 */
public final class LoadShedder implements AutoCloseable {

    static final long PROBE_INTERVAL_MS = 10;
    /** What refused clients are told to wait, in seconds. */
    static final int RETRY_AFTER_SECONDS = 1;
    private static final String CODE = "server_overloaded";

    private final Ticker ticker;
    private final long intervalNanos;
    private final LongAdder shed = new LongAdder();
    private volatile long smoothedNanos;
    /** When the probe should wake next (ticker time): a probe past it is late by the difference. */
    private volatile long probeDue;
    private volatile boolean closed;
    private final Thread probe;

    LoadShedder(Ticker ticker, Duration interval, boolean startProbe) {
        this.ticker = ticker;
        this.intervalNanos = interval.toNanos();
        this.probeDue = ticker.read() + intervalNanos;
        this.probe = startProbe ? Thread.ofVirtual().name("switchboard-load-probe").start(this::probeLoop) : null;
    }

    /** Starts measuring the scheduling delay of the JVM's virtual-thread scheduler. */
    public static LoadShedder start(Ticker ticker) {
        return new LoadShedder(ticker, Duration.ofMillis(PROBE_INTERVAL_MS), true);
    }

    private void probeLoop() {
        while (!closed) {
            long due = ticker.read() + intervalNanos;
            probeDue = due;
            LockSupport.parkNanos(intervalNanos);
            observe(Math.max(0, ticker.read() - due));
        }
    }

    /** Folds one measured delay into the smoothed one (a quarter of the way each time). */
    void observe(long delayNanos) {
        long smoothed = smoothedNanos;
        smoothedNanos = smoothed + (delayNanos - smoothed) / 4;
    }

    /** How late runnable work starts now, in nanoseconds: the smoothed delay or the probe's lateness. */
    public long delayNanos() {
        return Math.max(smoothedNanos, ticker.read() - probeDue);
    }

    /**
     * Throws a 503 {@code server_overloaded} error with {@code retry-after} if a new request should
     * be refused now under {@code maxDelay} (zero: never).
     */
    public void admit(Duration maxDelay) {
        long max = maxDelay.toNanos();
        if (max == 0) {
            return;
        }
        long delay = delayNanos();
        if (delay <= max) {
            return;
        }
        if (delay < 2 * max && ThreadLocalRandom.current().nextLong(max) >= delay - max) {
            return;
        }
        shed.increment();
        throw new ApiException(new ApiError(503, "server_error", CODE, null,
                "Switchboard is overloaded (work waits " + delay / 1_000_000 + " ms for a CPU); retry after "
                        + RETRY_AFTER_SECONDS + " s")).header("retry-after", Integer.toString(RETRY_AFTER_SECONDS));
    }

    /** Whether {@code e} is this class's refusal (which callers should not log one by one). */
    public static boolean isShed(ApiException e) {
        return CODE.equals(e.error().code());
    }

    /** Requests refused so far. */
    public long shedCount() {
        return shed.sum();
    }

    @Override
    public void close() {
        closed = true;
        if (probe != null) {
            LockSupport.unpark(probe);
        }
    }
}
