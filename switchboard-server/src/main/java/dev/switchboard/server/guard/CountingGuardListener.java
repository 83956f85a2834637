package dev.switchboard.server.guard;

import dev.switchboard.guard.safety.GuardListener;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Logs every guard event (request id, guard, action, scores or categories — never text) and counts
 * them by {@code guard.action}, and remote-classifier failures by {@code guard.unavailable.open|closed}.
 * Thread-safe.
 */
public final class CountingGuardListener implements GuardListener {

    private static final System.Logger LOG = System.getLogger("dev.switchboard.guard");

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    @Override
    public void guardFired(String requestId, String guard, String action, String detail) {
        count(guard + "." + action);
        LOG.log(System.Logger.Level.INFO, "request " + requestId + ": guard " + guard + " " + action + " (" + detail + ")");
    }

    @Override
    public void guardUnavailable(String requestId, String guard, boolean failedClosed, String reason) {
        count(guard + ".unavailable." + (failedClosed ? "closed" : "open"));
        LOG.log(System.Logger.Level.WARNING, "request " + requestId + ": guard " + guard + " unavailable, failing "
                + (failedClosed ? "closed" : "open") + ": " + reason);
    }

    /** The counts so far, by {@code guard.action}. */
    public Map<String, Long> counts() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((name, adder) -> snapshot.put(name, adder.sum()));
        return snapshot;
    }

    private void count(String name) {
        counts.computeIfAbsent(name, k -> new LongAdder()).increment();
    }
}
