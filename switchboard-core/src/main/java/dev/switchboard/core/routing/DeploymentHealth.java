package dev.switchboard.core.routing;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the router knows about one deployment from its own traffic: requests in flight, a peak
 * exponentially weighted moving average of time to first event, and a circuit breaker. Survives
 * config reloads that leave the deployment unchanged. Thread-safe.
 */
public final class DeploymentHealth {

    /** Decay time of the latency average: samples older than this weigh less than 1/e. */
    static final double DECAY_NANOS = 10e9;

    /** The latency a failed attempt counts as, at least. */
    static final long FAILURE_PENALTY_NANOS = 5_000_000_000L;

    private final CircuitBreaker breaker;
    private final AtomicInteger outstanding = new AtomicInteger();
    // Written racily by concurrent samples; a lost update only delays the average by one sample.
    private volatile double latencyNanos;
    private volatile long lastSampleNanos;
    private volatile boolean sampled;

    public DeploymentHealth(CircuitBreaker breaker) {
        this.breaker = breaker;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    public int outstanding() {
        return outstanding.get();
    }

    void requestStarted() {
        outstanding.incrementAndGet();
    }

    void requestEnded() {
        outstanding.decrementAndGet();
    }

    /**
     * Adds a time-to-first-event sample. Peak-sensitive: a sample above the average replaces it at
     * once, so a deployment that slows down loses traffic immediately and regains it gradually.
     */
    void recordLatency(long sampleNanos, long now) {
        if (!sampled) {
            latencyNanos = sampleNanos;
            sampled = true;
        } else if (sampleNanos > latencyNanos) {
            latencyNanos = sampleNanos;
        } else {
            double weight = Math.exp(-Math.max(0, now - lastSampleNanos) / DECAY_NANOS);
            latencyNanos = latencyNanos * weight + sampleNanos * (1 - weight);
        }
        lastSampleNanos = now;
    }

    /**
     * Counts a failed attempt as a slow one — at least {@link #FAILURE_PENALTY_NANOS} — so that a
     * deployment that fails fast does not look fast to latency-aware balancing.
     */
    void recordFailure(long elapsedNanos, long now) {
        recordLatency(Math.max(elapsedNanos, FAILURE_PENALTY_NANOS), now);
    }

    /** The latency average in nanoseconds; 0 before the first sample. */
    public double latencyNanos() {
        return latencyNanos;
    }
}
