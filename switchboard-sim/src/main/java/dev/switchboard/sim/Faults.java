package dev.switchboard.sim;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides which fault, if any, each chat or embeddings request meets. Thread-safe.
 *
 * <p>Scripted faults ({@link #failNext}, {@link #hangNext}, {@link #disconnectNext}) come first, in
 * that order of precedence, and are consumed one per request. Only when none applies are the
 * configured rates drawn, in the order 429, 500, timeout, disconnect, each from the same seeded
 * source, so the same sequence of requests meets the same faults. A disconnect (scripted or drawn)
 * only ever applies to a streaming chat request; other requests leave it for the next stream.
 */
final class Faults {

    /** A scripted failure: answer {@code remaining} more requests with {@code status}. */
    private static final class ScriptedFailure {
        final int status;
        int remaining;

        ScriptedFailure(int status, int remaining) {
            this.status = status;
            this.remaining = remaining;
        }
    }

    private final AtomicInteger hangs = new AtomicInteger();
    private final AtomicInteger disconnects = new AtomicInteger();
    /** Total of {@code remaining} over {@link #failures}; lets the hot path skip the lock. */
    private final AtomicInteger pendingFailures = new AtomicInteger();
    private final Deque<ScriptedFailure> failures = new ArrayDeque<>();
    private volatile RandomFaults random;

    Faults(SimulatorConfig config) {
        reconfigure(config);
    }

    /** Takes new rates and restarts the random source from {@code config.seed()}. */
    void reconfigure(SimulatorConfig config) {
        random = new RandomFaults(config);
    }

    void failNext(int count, int status) {
        if (count < 0) {
            throw new IllegalArgumentException("count cannot be negative: " + count);
        }
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be an HTTP error status in [400,599]: " + status);
        }
        if (count == 0) {
            return;
        }
        synchronized (failures) {
            failures.addLast(new ScriptedFailure(status, count));
            pendingFailures.addAndGet(count);
        }
    }

    void hangNext(int count) {
        hangs.addAndGet(requireCount(count));
    }

    void disconnectNext(int count) {
        disconnects.addAndGet(requireCount(count));
    }

    /**
     * The fault for one request, consuming a scripted fault if one applies.
     *
     * @param streamingChat whether the request is a streaming chat completion (the only kind
     *                      that can be disconnected mid-stream)
     */
    Fault next(boolean streamingChat) {
        if (takeOne(hangs)) {
            return Fault.HANG;
        }
        if (pendingFailures.get() > 0) {
            Fault failure = takeFailure();
            if (failure != null) {
                return failure;
            }
        }
        if (streamingChat && takeOne(disconnects)) {
            return Fault.DISCONNECT;
        }
        return random.draw(streamingChat);
    }

    private Fault takeFailure() {
        synchronized (failures) {
            ScriptedFailure head = failures.peekFirst();
            if (head == null) {
                return null;
            }
            if (--head.remaining == 0) {
                failures.removeFirst();
            }
            pendingFailures.decrementAndGet();
            return Fault.status(head.status);
        }
    }

    private static boolean takeOne(AtomicInteger counter) {
        return counter.get() > 0 && counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    private static int requireCount(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count cannot be negative: " + count);
        }
        return count;
    }

    /** The configured rates with their own seeded source. */
    private static final class RandomFaults {
        private final SimulatorConfig config;
        private final Random source;
        private final boolean enabled;

        RandomFaults(SimulatorConfig config) {
            this.config = config;
            this.source = new Random(config.seed());
            this.enabled = config.injectsRandomFaults();
        }

        Fault draw(boolean streamingChat) {
            if (!enabled) {
                return Fault.NONE;
            }
            if (hits(config.rate429())) {
                return Fault.status(429);
            }
            if (hits(config.rate500())) {
                return Fault.status(500);
            }
            if (hits(config.rateTimeout())) {
                return Fault.HANG;
            }
            if (streamingChat && hits(config.rateDisconnect())) {
                return Fault.DISCONNECT;
            }
            return Fault.NONE;
        }

        /** Draws only for a positive rate, so adding a zero rate does not shift the sequence. */
        private boolean hits(double rate) {
            return rate > 0 && source.nextDouble() < rate;
        }
    }
}
