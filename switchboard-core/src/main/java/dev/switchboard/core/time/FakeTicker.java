package dev.switchboard.core.time;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A ticker advanced by hand, for tests. Thread-safe. */
public final class FakeTicker implements Ticker {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long read() {
        return nanos.get();
    }

    public FakeTicker advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
        return this;
    }
}
