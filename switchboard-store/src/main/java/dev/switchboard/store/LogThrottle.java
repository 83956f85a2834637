package dev.switchboard.store;

import dev.switchboard.core.time.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets a repeated log message through at most once per interval, so that a failure repeating
 * thousands of times a second writes one line every few seconds. Thread-safe.
 */
final class LogThrottle {

    private final Ticker ticker;
    private final long intervalNanos;
    private final AtomicLong last;

    LogThrottle(Ticker ticker, Duration interval) {
        this.ticker = ticker;
        this.intervalNanos = interval.toNanos();
        this.last = new AtomicLong(ticker.read() - intervalNanos);
    }

    /** True for the first caller in each interval: that caller logs, the others do not. */
    boolean allow() {
        long now = ticker.read();
        long previous = last.get();
        return now - previous >= intervalNanos && last.compareAndSet(previous, now);
    }
}
