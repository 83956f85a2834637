package dev.switchboard.core.pipeline;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How long one request waited on its upstreams: connecting to them and blocking on their
 * responses, summed over every attempt. What is left of the request's time is the gateway's own
 * work (see the {@code Server-Timing} header and {@code switchboard_gateway_overhead_seconds}).
 * Providers add to it from whichever thread does the waiting. Thread-safe.
 */
public final class UpstreamWait {

    /** Counts nothing: for calls made outside a client request (health probes, tests). */
    public static final UpstreamWait NONE = new UpstreamWait();

    private final AtomicLong nanos = new AtomicLong();

    /** Adds a wait that began at {@code startNanos} and ended at {@code endNanos} ({@link System#nanoTime()}). */
    public void add(long startNanos, long endNanos) {
        if (this != NONE && endNanos > startNanos) {
            nanos.addAndGet(endNanos - startNanos);
        }
    }

    /** The waits added so far, in nanoseconds. */
    public long nanos() {
        return nanos.get();
    }
}
