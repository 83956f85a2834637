package dev.switchboard.core.limits;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The admitted requests of one scope that have not been released yet, each until its expiry, so a
 * request that is never released (a bug, a lost callback) gives its slot back after the lease TTL.
 * Concurrency limits count them; token corrections apply only to a request that holds one, which
 * makes {@code release} idempotent.
 *
 * <p>Not thread-safe: guarded by the lock of the {@link ScopeCounters} that owns it.
 */
final class Leases {

    // Insertion order is expiry order: every lease gets the same TTL and a renewed one is re-inserted.
    private final LinkedHashMap<String, Long> expiries = new LinkedHashMap<>();

    /** Drops the leases expired at {@code now}. */
    void expire(long now) {
        for (Iterator<Map.Entry<String, Long>> it = expiries.entrySet().iterator(); it.hasNext(); ) {
            if (now - it.next().getValue() < 0) {
                return;
            }
            it.remove();
        }
    }

    boolean holds(String leaseId) {
        return expiries.containsKey(leaseId);
    }

    int size() {
        return expiries.size();
    }

    /** Adds or renews a lease. */
    void add(String leaseId, long expiry) {
        expiries.remove(leaseId);
        expiries.put(leaseId, expiry);
    }

    /** Removes a lease; false if it was not held (released before, expired or never admitted). */
    boolean remove(String leaseId) {
        return expiries.remove(leaseId) != null;
    }

    boolean isEmpty() {
        return expiries.isEmpty();
    }
}
