package dev.switchboard.core.time;

import java.time.Duration;
import java.util.Set;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fires an action once a deadline passes, for timeouts on blocking I/O: the action (closing a
 * socket, cancelling a call) makes the blocked thread fail. One daemon thread sweeps all armed
 * guards every {@code resolution}, so moving a deadline is one volatile write — cheap enough to do
 * on every streamed event.
 *
 * <p>Deadlines are honoured within one {@code resolution} late, never early. Thread-safe.
 */
public final class Watchdog implements AutoCloseable {

    /** The deadline meaning "none". */
    public static final long NONE = Long.MAX_VALUE;

    private final Ticker ticker;
    private final long resolutionNanos;
    // A linked set: a sweep costs the guards armed now, not the most that ever were (as a hash
    // table that only grows would).
    private final Set<Guard> armed = new LinkedHashSet<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Thread sweeper;
    private volatile boolean closed;

    public Watchdog(Ticker ticker, Duration resolution) {
        this.ticker = ticker;
        this.resolutionNanos = resolution.toNanos();
        this.sweeper = Thread.ofPlatform().daemon().name("switchboard-watchdog").unstarted(this::sweepLoop);
        this.sweeper.start();
    }

    /**
     * Arms a guard with no deadline yet.
     *
     * @param onExpiry run once, on the watchdog thread, when the deadline passes; must not block
     */
    public Guard arm(Runnable onExpiry) {
        Guard guard = new Guard(onExpiry);
        lock.lock();
        try {
            armed.add(guard);
        } finally {
            lock.unlock();
        }
        return guard;
    }

    /** Checks every armed guard once against the ticker; the sweeper thread calls this. */
    public void sweep() {
        long now = ticker.read();
        List<Guard> expired = null;
        lock.lock();
        try {
            for (Iterator<Guard> guards = armed.iterator(); guards.hasNext(); ) {
                Guard guard = guards.next();
                long deadline = guard.deadline;
                if (deadline != NONE && now - deadline >= 0 && guard.state.compareAndSet(ARMED, FIRING)) {
                    guards.remove();
                    (expired == null ? expired = new ArrayList<>() : expired).add(guard);
                }
            }
        } finally {
            lock.unlock();
        }
        if (expired == null) {
            return;
        }
        for (Guard guard : expired) {
            try {
                guard.onExpiry.run();
            } catch (RuntimeException ignored) {
                // an expiry action that fails (e.g. closing an already closed socket) has done its job
            } finally {
                guard.state.set(FIRED);
            }
        }
    }

    public Ticker ticker() {
        return ticker;
    }

    @Override
    public void close() {
        closed = true;
        sweeper.interrupt();
    }

    private void sweepLoop() {
        while (!closed) {
            try {
                Thread.sleep(Duration.ofNanos(resolutionNanos));
            } catch (InterruptedException e) {
                return;
            }
            sweep();
        }
    }

    private static final int ARMED = 0;
    private static final int FIRING = 1;
    private static final int FIRED = 2;
    private static final int DISARMED = 3;

    /** A deadline for one operation. Thread-safe. */
    public final class Guard implements AutoCloseable {
        private final Runnable onExpiry;
        private final AtomicInteger state = new AtomicInteger(ARMED);
        private volatile long deadline = NONE;

        private Guard(Runnable onExpiry) {
            this.onExpiry = onExpiry;
        }

        /**
         * Sets the deadline to {@code timeout} from now ({@code 0}: none), but no later than
         * {@code latestNanos} on the watchdog's ticker ({@link #NONE}: no such bound).
         */
        public void expireIn(Duration timeout, long latestNanos) {
            long relative = timeout.isZero() ? NONE : ticker.read() + timeout.toNanos();
            deadline = relative == NONE ? latestNanos : latestNanos == NONE ? relative
                    : (relative - latestNanos < 0 ? relative : latestNanos);
        }

        /** True once the deadline passed and the action ran. */
        public boolean fired() {
            int current = state.get();
            return current == FIRING || current == FIRED;
        }

        /**
         * Disarms the guard. When this returns, the action either never runs or has finished:
         * a caller whose action interrupts threads can then clear the interrupt for good.
         */
        @Override
        public void close() {
            lock.lock();
            try {
                armed.remove(this);
            } finally {
                lock.unlock();
            }
            if (!state.compareAndSet(ARMED, DISARMED) && Thread.currentThread() != sweeper) {
                while (state.get() == FIRING) {
                    Thread.onSpinWait();
                }
            }
        }
    }
}
