package dev.switchboard.core.routing;

/**
 * Keeps traffic away from a deployment that keeps failing, and lets one probe request through
 * after a cooldown to find out whether it recovered.
 *
 * <p>Closed: every request may go. After {@code failureThreshold} consecutive failures (or an
 * upstream's explicit {@code retry-after}) the breaker opens: no request goes until the cooldown
 * has passed; then exactly one probe is let through. The probe's success closes the breaker; its
 * failure opens it for another cooldown.
 *
 * <p>Thread-safe. Time is passed in (nanoseconds on the router's ticker), never read here.
 */
public final class CircuitBreaker {

    /** What {@link #tryAcquire} granted. */
    public enum Permit {
        /** The breaker is open: do not send. */
        DENIED,
        /** The breaker is closed: send. */
        GRANTED,
        /** The breaker is open and this request is its one probe: send, and report the outcome. */
        PROBE
    }

    /** Told when the breaker opens or closes; called while holding the breaker's lock, must not block. */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        default void opened(long untilNanos) {
        }

        default void closed() {
        }
    }

    private final int failureThreshold;
    private final long cooldownNanos;
    private final Listener listener;
    private volatile boolean open;
    private int consecutiveFailures;
    private long openUntil;
    private boolean probing;

    /**
     * @param failureThreshold consecutive failures that open the breaker; 0 opens it only when an
     *     upstream asks for a pause with {@code retry-after}
     * @param cooldownNanos how long it stays open before a probe
     */
    public CircuitBreaker(int failureThreshold, long cooldownNanos, Listener listener) {
        this.failureThreshold = failureThreshold;
        this.cooldownNanos = cooldownNanos;
        this.listener = listener;
    }

    /** True when {@link #tryAcquire} would grant a request now. */
    public boolean available(long now) {
        if (!open) {
            return true;
        }
        synchronized (this) {
            return !open || (!probing && now - openUntil >= 0);
        }
    }

    /** Claims the right to send one request. */
    public Permit tryAcquire(long now) {
        if (!open) {
            return Permit.GRANTED;
        }
        synchronized (this) {
            if (!open) {
                return Permit.GRANTED;
            }
            if (probing || now - openUntil < 0) {
                return Permit.DENIED;
            }
            probing = true;
            return Permit.PROBE;
        }
    }

    /** A request sent under {@code permit} found the deployment working. */
    public synchronized void onSuccess(Permit permit) {
        consecutiveFailures = 0;
        if (permit == Permit.PROBE) {
            probing = false;
        }
        if (open) {
            open = false;
            probing = false;
            listener.closed();
        }
    }

    /**
     * A request sent under {@code permit} failed because of the deployment.
     *
     * @param retryAfterNanos how long the upstream asked to be left alone, or 0
     */
    public synchronized void onFailure(Permit permit, long now, long retryAfterNanos) {
        consecutiveFailures++;
        boolean trip = permit == Permit.PROBE || (failureThreshold > 0 && consecutiveFailures >= failureThreshold);
        long until = trip ? now + cooldownNanos : now;
        if (retryAfterNanos > 0 && now + retryAfterNanos - until > 0) {
            until = now + retryAfterNanos;
        }
        if (permit == Permit.PROBE) {
            probing = false;
        }
        if (until != now) {
            boolean wasOpen = open;
            openUntil = wasOpen && openUntil - until > 0 ? openUntil : until;
            open = true;
            if (!wasOpen || trip) {
                listener.opened(openUntil);
            }
        }
    }

    /** A request that was granted {@code permit} ended without telling anything about the deployment. */
    public synchronized void release(Permit permit) {
        if (permit == Permit.PROBE) {
            probing = false;
        }
    }

    /** While open, when the next probe is due; otherwise {@code now}. */
    public synchronized long availableAt(long now) {
        return open && now - openUntil < 0 ? openUntil : now;
    }

    public boolean isOpen() {
        return open;
    }
}
