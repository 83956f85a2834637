package dev.switchboard.core.limits;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Everything counted for one scope in memory: its request and token cells and its leases.
 *
 * <p>Guarded by {@link #lock}: hold it for every read and write. Once {@link #retired} (set under the
 * lock when the scope was found idle and dropped from its map) the counters must not be used; a
 * caller that finds them retired looks the scope up again.
 */
final class ScopeCounters {

    final String scope;
    final ReentrantLock lock = new ReentrantLock();
    final RateCell requests = new RateCell();
    final RateCell tokens = new RateCell();
    private Leases leases;
    boolean retired;

    ScopeCounters(String scope) {
        this.scope = scope;
    }

    /** The scope's leases, expired ones dropped. */
    Leases leases(long now) {
        if (leases == null) {
            leases = new Leases();
        }
        leases.expire(now);
        return leases;
    }

    /** The leases if any were ever taken, else null; expired ones not dropped. */
    Leases leasesOrNull() {
        return leases;
    }

    /** True when forgetting this scope now would change no decision. */
    boolean idle(long now) {
        if (leases != null) {
            leases.expire(now);
        }
        return requests.idle(now) && tokens.idle(now) && (leases == null || leases.isEmpty());
    }
}
