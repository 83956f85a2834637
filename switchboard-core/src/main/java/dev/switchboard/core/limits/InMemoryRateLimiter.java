package dev.switchboard.core.limits;

import dev.switchboard.core.time.Ticker;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rate limiter of one replica: counters in memory, time from a {@link Ticker}.
 *
 * <p>RPM and TPM are generic cell rates per scope (see {@link RateCell}): a fresh scope may use its
 * whole per-minute allowance at once and it refills continuously, {@code limit / 60 s}. A request
 * needing more tokens than a TPM limit can never pass; it is rejected with the whole minute as
 * {@code retryAfter}, and the caller explains. Concurrency counts leases: an admitted request holds
 * one in each of its scopes that has a TPM or concurrency limit until {@link #release} or until the
 * lease TTL passes, so a request that is never released gives its slot back. Token corrections
 * apply only to a request that still holds its lease, which makes {@code release} idempotent.
 *
 * <p>{@link Admission#states()} lists, in spec order, each scope's requests, tokens and concurrency
 * limits that are set. {@code reset} is the time until the limit is back to its whole allowance
 * (always zero for concurrency, which has no schedule); a rejected concurrency limit suggests
 * retrying after one second.
 *
 * <p>Thread-safe. Each scope has its own lock; a request locks its scopes in one global order (by
 * scope name), so checking and counting all its limits is atomic and never deadlocks, and requests
 * of unrelated scopes never contend. Scopes that hold nothing (every cell drained, no lease) are
 * dropped once a minute by the request that finds the sweep due, so memory follows the scopes
 * active in the last minutes, not every scope ever seen.
 */
public final class InMemoryRateLimiter implements RateLimiter {

    /** How long a lease is held when a request is never released: 10 minutes. */
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofMinutes(10);

    /** The retry suggested when a concurrency limit refuses: in-flight requests end on no schedule. */
    static final long CONCURRENCY_RETRY_SECONDS = 1;
    private static final long CONCURRENCY_RETRY_MICROS = CONCURRENCY_RETRY_SECONDS * 1_000_000;
    private static final long SWEEP_INTERVAL_MICROS = RateCell.WINDOW_MICROS;

    private final Ticker ticker;
    private final long leaseTtlMicros;
    private final ConcurrentHashMap<String, ScopeCounters> scopes = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep;

    /** A limiter whose leases expire after {@link #DEFAULT_LEASE_TTL}. */
    public InMemoryRateLimiter(Ticker ticker) {
        this(ticker, DEFAULT_LEASE_TTL);
    }

    /**
     * @param leaseTtl how long an admitted request holds its concurrency slot if it is never
     *     released; must be positive, and longer than the longest request
     */
    public InMemoryRateLimiter(Ticker ticker, Duration leaseTtl) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        if (leaseTtl.isNegative() || leaseTtl.isZero()) {
            throw new IllegalArgumentException("leaseTtl must be positive: " + leaseTtl);
        }
        this.leaseTtlMicros = leaseTtl.toNanos() / 1000;
        this.nextSweep = new AtomicLong(now() + SWEEP_INTERVAL_MICROS);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code tokens} is negative or two specs name the same scope
     */
    @Override
    public Admission acquire(List<LimitSpec> specs, long tokens, String leaseId) {
        Objects.requireNonNull(leaseId, "leaseId");
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens must not be negative: " + tokens);
        }
        List<LimitSpec> limited = limited(specs);
        if (limited.isEmpty()) {
            return Admission.allowed(List.of());
        }
        long now = now();
        sweepIfDue(now);
        int[] order = lockOrder(limited);
        ScopeCounters[] counters = lockAll(limited, order);
        try {
            return decide(limited, counters, tokens, leaseId, now);
        } finally {
            for (ScopeCounters scope : counters) {
                scope.lock.unlock();
            }
        }
    }

    @Override
    public void release(List<LimitSpec> specs, String leaseId, long tokenCorrection) {
        long now = now();
        for (LimitSpec spec : specs) {
            if (spec.tokensPerMinute() == null && spec.maxConcurrent() == null) {
                continue; // holds no lease
            }
            ScopeCounters scope = scopes.get(spec.scope());
            if (scope == null) {
                continue;
            }
            scope.lock.lock();
            try {
                Leases leases = scope.leasesOrNull();
                // a retired scope holds no lease: it was dropped because it was idle
                if (scope.retired || leases == null || !leases.remove(leaseId)) {
                    continue;
                }
                if (spec.tokensPerMinute() != null && tokenCorrection != 0) {
                    scope.tokens.correct(now, spec.tokensPerMinute(), tokenCorrection);
                }
            } finally {
                scope.lock.unlock();
            }
        }
    }

    /** How many scopes hold counters now (for metrics and tests). */
    public int trackedScopes() {
        return scopes.size();
    }

    private Admission decide(List<LimitSpec> specs, ScopeCounters[] counters, long tokens, String leaseId, long now) {
        long retry = 0;
        int rejected = -1;
        int index = 0;
        for (int i = 0; i < specs.size(); i++) {
            LimitSpec spec = specs.get(i);
            ScopeCounters scope = counters[i];
            if (spec.requestsPerMinute() != null) {
                long wait = scope.requests.shortfall(now, spec.requestsPerMinute(), 1);
                if (wait > retry) {
                    retry = wait;
                    rejected = index;
                }
                index++;
            }
            if (spec.tokensPerMinute() != null) {
                long wait = scope.tokens.shortfall(now, spec.tokensPerMinute(), tokens);
                if (wait > retry) {
                    retry = wait;
                    rejected = index;
                }
                index++;
            }
            if (spec.maxConcurrent() != null) {
                Leases leases = scope.leases(now);
                if (!leases.holds(leaseId) && leases.size() >= spec.maxConcurrent() && CONCURRENCY_RETRY_MICROS > retry) {
                    retry = CONCURRENCY_RETRY_MICROS;
                    rejected = index;
                }
                index++;
            }
        }
        if (rejected >= 0) {
            List<LimitState> states = states(specs, counters, now, index);
            return Admission.rejected(states.get(rejected), Duration.of(retry, ChronoUnit.MICROS), states);
        }
        for (int i = 0; i < specs.size(); i++) {
            LimitSpec spec = specs.get(i);
            ScopeCounters scope = counters[i];
            if (spec.requestsPerMinute() != null) {
                scope.requests.take(now, spec.requestsPerMinute(), 1);
            }
            if (spec.tokensPerMinute() != null) {
                scope.tokens.take(now, spec.tokensPerMinute(), tokens);
            }
            if (spec.tokensPerMinute() != null || spec.maxConcurrent() != null) {
                scope.leases(now).add(leaseId, now + leaseTtlMicros);
            }
        }
        return Admission.allowed(states(specs, counters, now, index));
    }

    private static List<LimitState> states(List<LimitSpec> specs, ScopeCounters[] counters, long now, int count) {
        List<LimitState> states = new ArrayList<>(count);
        for (int i = 0; i < specs.size(); i++) {
            LimitSpec spec = specs.get(i);
            ScopeCounters scope = counters[i];
            if (spec.requestsPerMinute() != null) {
                states.add(state(spec.scope(), LimitKind.REQUESTS, spec.requestsPerMinute(), scope.requests, now));
            }
            if (spec.tokensPerMinute() != null) {
                states.add(state(spec.scope(), LimitKind.TOKENS, spec.tokensPerMinute(), scope.tokens, now));
            }
            if (spec.maxConcurrent() != null) {
                int max = spec.maxConcurrent();
                states.add(new LimitState(spec.scope(), LimitKind.CONCURRENT, max,
                        Math.max(0, max - scope.leases(now).size()), Duration.ZERO));
            }
        }
        return states;
    }

    private static LimitState state(String scope, LimitKind kind, long limit, RateCell cell, long now) {
        return new LimitState(scope, kind, limit, cell.remaining(now, limit),
                Duration.of(cell.resetMicros(now, limit), ChronoUnit.MICROS));
    }

    /** The specs that limit something; the list itself when all do. */
    private static List<LimitSpec> limited(List<LimitSpec> specs) {
        for (LimitSpec spec : specs) {
            if (spec.unlimited()) {
                return specs.stream().filter(s -> !s.unlimited()).toList();
            }
        }
        return specs;
    }

    /** Spec indexes sorted by scope name: the one order every request locks in. */
    private static int[] lockOrder(List<LimitSpec> specs) {
        int[] order = new int[specs.size()];
        for (int i = 0; i < order.length; i++) {
            int j = i;
            String scope = specs.get(i).scope();
            while (j > 0) {
                int compared = specs.get(order[j - 1]).scope().compareTo(scope);
                if (compared == 0) {
                    throw new IllegalArgumentException("scope " + scope + " appears twice in one request's limits");
                }
                if (compared < 0) {
                    break;
                }
                order[j] = order[j - 1];
                j--;
            }
            order[j] = i;
        }
        return order;
    }

    private ScopeCounters[] lockAll(List<LimitSpec> specs, int[] order) {
        ScopeCounters[] counters = new ScopeCounters[specs.size()];
        while (true) {
            for (int i = 0; i < counters.length; i++) {
                String scope = specs.get(i).scope();
                ScopeCounters found = scopes.get(scope);
                counters[i] = found != null ? found : scopes.computeIfAbsent(scope, ScopeCounters::new);
            }
            int locked = 0;
            while (locked < order.length) {
                ScopeCounters scope = counters[order[locked]];
                scope.lock.lock();
                locked++;
                if (scope.retired) {
                    break;
                }
            }
            if (locked == order.length && !counters[order[locked - 1]].retired) {
                return counters;
            }
            // a sweep dropped one of the scopes between look-up and lock: look them up again
            for (int k = 0; k < locked; k++) {
                counters[order[k]].lock.unlock();
            }
        }
    }

    private void sweepIfDue(long now) {
        long due = nextSweep.get();
        if (now - due < 0 || !nextSweep.compareAndSet(due, now + SWEEP_INTERVAL_MICROS)) {
            return;
        }
        for (ScopeCounters scope : scopes.values()) {
            if (!scope.lock.tryLock()) {
                continue; // in use, so not idle
            }
            try {
                if (scope.idle(now)) {
                    scope.retired = true;
                    scopes.remove(scope.scope, scope);
                }
            } finally {
                scope.lock.unlock();
            }
        }
    }

    private long now() {
        return Math.floorDiv(ticker.read(), 1000);
    }
}
