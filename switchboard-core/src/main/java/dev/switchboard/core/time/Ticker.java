package dev.switchboard.core.time;

/**
 * A source of nanosecond time for measuring intervals (as Caffeine's {@code Ticker}). Logic takes
 * a ticker instead of calling {@link System#nanoTime()}, so tests can advance time by hand.
 */
@FunctionalInterface
public interface Ticker {

    /** Nanoseconds from an arbitrary origin; only differences are meaningful. */
    long read();

    static Ticker system() {
        return System::nanoTime;
    }
}
