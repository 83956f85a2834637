package dev.switchboard.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.CloseConnectionException;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the endpoints of one {@link Simulator} share: the current configuration, counters, fault
 * script, last request body, clock and pacing, and the signal that the simulator closed.
 * Thread-safe.
 */
final class SimulatorState {

    final Counters counters = new Counters();
    final Faults faults;
    /** Structured answers (tool calls, json_schema content) still to be made invalid; see {@link Simulator#invalidNext}. */
    final java.util.concurrent.atomic.AtomicInteger invalidStructured = new java.util.concurrent.atomic.AtomicInteger();
    final Pacer pacer;
    private final Clock clock;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicReference<JsonNode> lastRequestBody = new AtomicReference<>();
    private final AtomicLong completionSequence = new AtomicLong();
    private volatile SimulatorConfig config;

    SimulatorState(SimulatorConfig config, Clock clock, Pacer.Sleeper sleeper) {
        this.config = config;
        this.clock = clock;
        this.faults = new Faults(config);
        this.pacer = new Pacer(sleeper, this::isClosed);
    }

    SimulatorConfig config() {
        return config;
    }

    /** Replaces the behaviour for requests that arrive from now on; restarts the fault draws. */
    void configure(SimulatorConfig newConfig) {
        config = newConfig;
        faults.reconfigure(newConfig);
    }

    void recordRequestBody(JsonNode body) {
        lastRequestBody.set(body);
    }

    JsonNode lastRequestBody() {
        return lastRequestBody.get();
    }

    /** Unix seconds now, from the injected clock. */
    long epochSeconds() {
        return clock.millis() / 1000;
    }

    /** A fresh completion id: unique within this simulator, and plainly the simulator's. */
    String nextCompletionId() {
        return "chatcmpl-sim-" + Long.toHexString(SimulatedText.mix(completionSequence.incrementAndGet()));
    }

    /** Takes one scripted invalid structured answer, if any is left. */
    boolean takeInvalidStructured() {
        return invalidStructured.get() > 0 && invalidStructured.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    boolean isClosed() {
        return closed.getCount() == 0;
    }

    void close() {
        closed.countDown();
    }

    /**
     * Holds the calling request without answering until the simulator closes, then drops its
     * connection.
     *
     * @throws CloseConnectionException always, once released
     */
    void hang() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new CloseConnectionException("switchboard simulator released a hung request");
    }
}
