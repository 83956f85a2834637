package dev.switchboard.sim;

import io.helidon.webserver.CloseConnectionException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits out simulated generation time. Long waits are cut into slices so that closing the
 * simulator ends them promptly; a wait that ends because the simulator closed (or the thread was
 * interrupted) throws {@link CloseConnectionException}, which Helidon answers by dropping the
 * connection quietly. Thread-safe.
 */
final class Pacer {

    /** Sleeps the calling thread; injected so tests can record waits instead of taking them. */
    @FunctionalInterface
    interface Sleeper {
        Sleeper THREAD = nanos -> Thread.sleep(Duration.ofNanos(nanos));

        void sleep(long nanos) throws InterruptedException;
    }

    private static final long MAX_SLICE_NANOS = 50_000_000L;

    private final Sleeper sleeper;
    private final BooleanSupplier closed;

    Pacer(Sleeper sleeper, BooleanSupplier closed) {
        this.sleeper = sleeper;
        this.closed = closed;
    }

    /** Waits {@code nanos} (nothing when {@code <= 0}). */
    void pause(long nanos) {
        long remaining = nanos;
        while (remaining > 0) {
            long slice = Math.min(remaining, MAX_SLICE_NANOS);
            try {
                sleeper.sleep(slice);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CloseConnectionException("switchboard simulator interrupted while pacing");
            }
            remaining -= slice;
            if (closed.getAsBoolean()) {
                throw new CloseConnectionException("switchboard simulator closed");
            }
        }
    }
}
