package dev.switchboard.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies in microseconds, recorded lock-free from many threads, readable both as intervals (for
 * progress lines) and as the running total. Thread-safe.
 */
final class LatencyRecorder {

    /** One hour: anything slower is recorded as one hour. */
    static final long HIGHEST_MICROS = 3_600_000_000L;
    /** Default precision: every microsecond up to 2.047 ms, then within 0.1%. */
    static final int SIGNIFICANT_DIGITS = 3;
    /** Precision of values reported by the server: every microsecond up to 32.767 ms, then within 0.01%. */
    static final int FINE_SIGNIFICANT_DIGITS = 4;

    private final Recorder recorder;
    private final Histogram total;
    private Histogram recycled;

    /** A recorder with the default precision ({@link #SIGNIFICANT_DIGITS}). */
    LatencyRecorder() {
        this(SIGNIFICANT_DIGITS);
    }

    LatencyRecorder(int significantDigits) {
        recorder = new Recorder(HIGHEST_MICROS, significantDigits);
        total = newHistogram(significantDigits);
    }

    static Histogram newHistogram() {
        return newHistogram(SIGNIFICANT_DIGITS);
    }

    static Histogram newHistogram(int significantDigits) {
        return new Histogram(HIGHEST_MICROS, significantDigits);
    }

    void recordNanos(long nanos) {
        recordMicros(nanos / 1_000);
    }

    /** Records {@code micros}, negative values as 0, values above {@link #HIGHEST_MICROS} as that. */
    void recordMicros(long micros) {
        recorder.recordValue(Math.min(Math.max(0, micros), HIGHEST_MICROS));
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
