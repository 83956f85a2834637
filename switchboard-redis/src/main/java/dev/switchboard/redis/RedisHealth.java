package dev.switchboard.redis;

import dev.switchboard.core.time.Ticker;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Whether Redis is reachable, as seen by one connection, and the outage log.
 *
 * <p>Up: every operation goes to Redis. The first operation that cannot reach it starts an outage
 * (logged once). During an outage operations skip Redis, except one probe per retry interval; the
 * probe that succeeds ends the outage (logged once, with the number of failed operations).
 * Operations that started before the outage and succeed late do not end it, so one outage gives
 * two log lines however many requests race through its start.
 *
 * <p>Thread-safe, lock-free.
 */
final class RedisHealth {

    /** What an operation may do now. */
    enum Attempt {
        /** Redis is up: use it. */
        GO,
        /** Redis is down and this operation is the probe: use it and report the outcome. */
        PROBE,
        /** Redis is down: do not use it. */
        SKIP
    }

    private static final System.Logger LOG = System.getLogger(RedisConnection.class.getName());
    private static final long ERROR_LOG_INTERVAL_NANOS = 60_000_000_000L;

    private final String endpoint;
    private final String policy;
    private final Ticker ticker;
    private final long retryNanos;
    private final LongAdder failures = new LongAdder();
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicLong nextProbe = new AtomicLong();
    private final AtomicLong nextErrorLog;
    private volatile long failuresBefore;

    RedisHealth(String endpoint, FailurePolicy policy, Ticker ticker, long retryNanos) {
        this.endpoint = endpoint;
        this.policy = policy == FailurePolicy.LOCAL
                ? "this replica decides alone with local limits" : "requests are refused";
        this.ticker = ticker;
        this.retryNanos = retryNanos;
        this.nextErrorLog = new AtomicLong(ticker.read());
    }

    Attempt attempt() {
        if (!down.get()) {
            return Attempt.GO;
        }
        long now = ticker.read();
        long due = nextProbe.get();
        return now - due >= 0 && nextProbe.compareAndSet(due, now + retryNanos) ? Attempt.PROBE : Attempt.SKIP;
    }

    /** An operation went without Redis without an outage starting (skipped during one, or too slow). */
    void skipped() {
        failures.increment();
    }

    /** Redis could not be reached; returns true when this starts an outage. */
    boolean unreachable(RuntimeException cause) {
        failures.increment();
        if (down.get() || !down.compareAndSet(false, true)) {
            return false;
        }
        nextProbe.set(ticker.read() + retryNanos);
        failuresBefore = failures.sum() - 1;
        LOG.log(Level.WARNING, "Redis at " + endpoint + " is unreachable (" + describe(cause) + "); " + policy
                + " until it is back");
        return true;
    }

    /** Redis answered with an error (a bug or a foreign key of the wrong type): logged at most once a minute. */
    void failed(RuntimeException cause) {
        failures.increment();
        long now = ticker.read();
        long due = nextErrorLog.get();
        if (now - due >= 0 && nextErrorLog.compareAndSet(due, now + ERROR_LOG_INTERVAL_NANOS)) {
            LOG.log(Level.ERROR, "Redis at " + endpoint + " refused a limits script; " + policy + " for it: "
                    + describe(cause));
        }
    }

    /** An operation succeeded; returns true when it was the probe that ends an outage. */
    boolean reachable(Attempt attempt) {
        if (attempt != Attempt.PROBE || !down.compareAndSet(true, false)) {
            return false;
        }
        LOG.log(Level.INFO, "Redis at " + endpoint + " is reachable again, after "
                + (failures.sum() - failuresBefore) + " operations went without it");
        return true;
    }

    boolean up() {
        return !down.get();
    }

    long failures() {
        return failures.sum();
    }

    private static String describe(Throwable cause) {
        StringBuilder text = new StringBuilder(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
        Throwable root = cause.getCause();
        if (root != null && root != cause) {
            text.append(", caused by ").append(root.getClass().getSimpleName()).append(": ").append(root.getMessage());
        }
        return text.toString();
    }
}
