package dev.switchboard.core.time;

import java.time.Duration;

/** Blocks the calling thread for a while; injected so tests of retry backoff need not wait. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    static Sleeper system() {
        return duration -> Thread.sleep(duration);
    }
}
