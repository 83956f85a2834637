package dev.switchboard.bench;

/**
 * When each request of an open-loop phase is due: request {@code i} is sent at
 * {@code start + i / rate}, whatever happened to the requests before it. The first {@code warmupCount}
 * requests warm up and are not recorded; the next {@code measuredCount} are.
 *
 * <p>Pure arithmetic on nanosecond offsets, so it can be checked without a clock. Immutable.
 */
record OpenLoopSchedule(double ratePerSecond, long warmupCount, long measuredCount) {

    OpenLoopSchedule {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be a positive number of requests per second: " + ratePerSecond);
        }
        if (warmupCount < 0 || measuredCount < 0) {
            throw new IllegalArgumentException("request counts cannot be negative: warmup " + warmupCount
                    + ", measured " + measuredCount);
        }
    }

    /** A schedule of {@code rate} requests per second for {@code warmupNanos}, then for {@code measureNanos}. */
    static OpenLoopSchedule of(double ratePerSecond, long warmupNanos, long measureNanos) {
        return new OpenLoopSchedule(ratePerSecond, countIn(ratePerSecond, warmupNanos), countIn(ratePerSecond, measureNanos));
    }

    /** Number of requests a span of {@code nanos} holds at this rate (rounded to the nearest request). */
    static long countIn(double ratePerSecond, long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("duration cannot be negative: " + nanos + " ns");
        }
        return Math.round(ratePerSecond * nanos / 1e9);
    }

    /** Total requests in the phase, warm-up included. */
    long totalCount() {
        return warmupCount + measuredCount;
    }

    /** Offset of request {@code i} from the start of the phase, in nanoseconds: {@code floor(i * 1e9 / rate)}. */
    long offsetNanos(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("request index cannot be negative: " + index);
        }
        return (long) Math.floor(index * 1e9 / ratePerSecond);
    }

    /** Whether request {@code i} is recorded (it belongs to the measured part, not the warm-up). */
    boolean isMeasured(long index) {
        return index >= warmupCount && index < totalCount();
    }

    /** Offset of the first measured request; the measured window starts here. */
    long measureStartOffsetNanos() {
        return offsetNanos(warmupCount);
    }

    /**
     * Index of the first request due strictly after {@code elapsedNanos}, i.e. every request with a
     * smaller index is due at or before that time. Capped at {@link #totalCount()}.
     */
    long dueCount(long elapsedNanos) {
        if (elapsedNanos < 0) {
            return 0;
        }
        long guess = (long) Math.floor(elapsedNanos * ratePerSecond / 1e9) + 1;
        // The floating-point guess can be off by one either way near a boundary; settle it exactly.
        while (guess > 0 && offsetNanos(guess - 1) > elapsedNanos) {
            guess--;
        }
        while (offsetNanos(guess) <= elapsedNanos) {
            guess++;
        }
        return Math.min(guess, totalCount());
    }
}
