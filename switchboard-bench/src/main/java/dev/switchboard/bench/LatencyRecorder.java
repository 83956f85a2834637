package dev.switchboard.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies in microseconds (3 significant digits), recorded lock-free from many threads, readable
 * both as intervals (for progress lines) and as the running total. Thread-safe.
 */
final class LatencyRecorder {

    /** One hour: anything slower is recorded as one hour. */
    static final long HIGHEST_MICROS = 3_600_000_000L;
    static final int SIGNIFICANT_DIGITS = 3;

    private final Recorder recorder = new Recorder(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    private final Histogram total = newHistogram();
    private Histogram recycled;

    static Histogram newHistogram() {
        return new Histogram(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    }

    void recordNanos(long nanos) {
        long micros = Math.max(0, nanos / 1_000);
        recorder.recordValue(Math.min(micros, HIGHEST_MICROS));
    }

    /** Values recorded since the previous call (or since creation); they are also added to the total. */
    synchronized Histogram interval() {
        Histogram interval = recorder.getIntervalHistogram(recycled);
        total.add(interval);
        recycled = null;
        return interval;
    }

    /** A copy of everything recorded so far. */
    synchronized Histogram total() {
        recycled = interval();
        return total.copy();
    }
}
