package dev.switchboard.redis;

import dev.switchboard.core.limits.Admission;
import dev.switchboard.core.limits.InMemoryRateLimiter;
import dev.switchboard.core.limits.LimitKind;
import dev.switchboard.core.limits.LimitSpec;
import dev.switchboard.core.limits.LimitState;
import dev.switchboard.core.limits.RateLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Rate limits shared by every replica through Redis: together the replicas never admit more than
 * a limit. Same contract and numbers as {@link InMemoryRateLimiter} (GCRA per minute for RPM and
 * TPM, leases for concurrency), computed by Lua scripts on the server: one round trip per acquire
 * and one per release, atomic over every scope of the request, on Redis's clock so replicas with
 * skewed clocks agree. Times are whole milliseconds. Keys (see {@code README.md}) expire when a
 * scope is idle: a rate hash once drained, a lease set a lease TTL after its last lease.
 *
 * <p>Leases live in a sorted set scored by expiry, so the slots of a replica that dies are free
 * again after the lease TTL (default 10 minutes; it must be longer than the longest request, or a
 * request still running loses its slot and its token correction).
 *
 * <p>While Redis is unreachable (see {@link RedisConnection}) decisions follow the connection's
 * {@link FailurePolicy}: {@code LOCAL} decides with an {@link InMemoryRateLimiter} of this replica
 * and the same limits, marked {@linkplain Admission#degraded() degraded}; {@code REJECT} returns
 * a degraded rejection that names no limit (for a 503), with a retry after of one second.
 * Releases that cannot reach Redis are kept and sent when it is back, so slots taken before an
 * outage are not held until their leases expire. Never throws for Redis trouble, never waits on
 * Redis longer than the connection's timeout.
 *
 * <p>Thread-safe. Closing it does not close the shared connection.
 */
public final class RedisRateLimiter implements RateLimiter {

    private static final LuaScript ACQUIRE = LuaScript.fromResource("acquire.lua");
    private static final LuaScript RELEASE = LuaScript.fromResource("release.lua");
    private static final int MAX_PENDING_RELEASES = 10_000;
    /** Most releases sent in one script call. */
    private static final int MAX_RELEASE_BATCH = 64;
    private static final Duration REJECT_RETRY = Duration.ofSeconds(1);

    private final RedisConnection redis;
    private final String leaseTtlMillis;
    private final InMemoryRateLimiter local;
    private final PendingReleases pending = new PendingReleases(MAX_PENDING_RELEASES);
    private final Batcher<PendingReleases.Release, Void> releases =
            new Batcher<>(this::sendAll, release -> 1, MAX_RELEASE_BATCH);
    private volatile boolean localUsed;

    /** A limiter whose leases expire after {@link InMemoryRateLimiter#DEFAULT_LEASE_TTL}. */
    public RedisRateLimiter(RedisConnection redis) {
        this(redis, InMemoryRateLimiter.DEFAULT_LEASE_TTL);
    }

    /** @param leaseTtl how long a request that is never released holds its slot; at least 1 ms */
    public RedisRateLimiter(RedisConnection redis, Duration leaseTtl) {
        this.redis = Objects.requireNonNull(redis, "redis");
        if (leaseTtl.toMillis() < 1) {
            throw new IllegalArgumentException("leaseTtl must be at least 1 ms: " + leaseTtl);
        }
        this.leaseTtlMillis = Long.toString(leaseTtl.toMillis());
        this.local = new InMemoryRateLimiter(redis.ticker(), leaseTtl);
        redis.onRecovery(() -> {
            if (pending.size() > 0) {
                Thread.ofVirtual().name("switchboard-redis-release-replay").start(this::replayReleases);
            }
        });
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
        List<LimitSpec> limited = specs.stream().filter(spec -> !spec.unlimited()).toList();
        if (limited.isEmpty()) {
            return Admission.allowed(List.of());
        }
        requireDistinctScopes(limited);
        List<String> keys = new ArrayList<>(2 * limited.size());
        List<String> args = new ArrayList<>(3 + 3 * limited.size());
        args.add(Long.toString(tokens));
        args.add(leaseId);
        args.add(leaseTtlMillis);
        for (LimitSpec spec : limited) {
            keys.add(rateKey(spec.scope()));
            keys.add(leaseKey(spec.scope()));
            args.add(text(spec.requestsPerMinute()));
            args.add(text(spec.tokensPerMinute()));
            args.add(text(spec.maxConcurrent()));
        }
        List<?> reply;
        try {
            reply = (List<?>) redis.eval(ACQUIRE, keys, args);
        } catch (RedisUnavailableException e) {
            if (redis.settings().onFailure() == FailurePolicy.REJECT) {
                return new Admission(false, REJECT_RETRY, null, List.of(), true);
            }
            localUsed = true;
            return local.acquire(limited, tokens, leaseId).asDegraded();
        }
        return admission(limited, reply);
    }

    @Override
    public void release(List<LimitSpec> specs, String leaseId, long tokenCorrection) {
        if (localUsed) {
            local.release(specs, leaseId, tokenCorrection); // a request admitted during an outage
        }
        List<LimitSpec> leased = specs.stream()
                .filter(spec -> spec.tokensPerMinute() != null || spec.maxConcurrent() != null).toList();
        if (leased.isEmpty()) {
            return;
        }
        PendingReleases.Release release = new PendingReleases.Release(leased, leaseId, tokenCorrection);
        try {
            send(release);
        } catch (RedisUnavailableException e) {
            pending.add(release);
        }
    }

    /** Releases waiting for Redis to come back (for metrics and tests). */
    public int pendingReleases() {
        return pending.size();
    }

    /** Operations that went without Redis, as {@link RedisConnection#failures()}. */
    public long failures() {
        return redis.failures();
    }

    /**
     * Sends {@code release} to Redis, together with the releases other threads end at the same
     * moment (one script call); returns once it was sent.
     *
     * @throws RedisUnavailableException if the call carrying this release failed
     */
    private void send(PendingReleases.Release release) {
        releases.submit(release);
    }

    /** One script call for several releases; answers nothing per release. */
    private List<Void> sendAll(List<PendingReleases.Release> batch) {
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>();
        for (PendingReleases.Release release : batch) {
            args.add(release.leaseId());
            args.add(Long.toString(release.tokenCorrection()));
            args.add(Integer.toString(release.specs().size()));
            for (LimitSpec spec : release.specs()) {
                keys.add(rateKey(spec.scope()));
                keys.add(leaseKey(spec.scope()));
                args.add(text(spec.tokensPerMinute()));
            }
        }
        redis.eval(RELEASE, keys, args);
        return Collections.nCopies(batch.size(), null);
    }

    private void replayReleases() {
        pending.replay(this::send);
    }

    private static Admission admission(List<LimitSpec> specs, List<?> reply) {
        boolean allowed = number(reply, 0) == 1;
        Duration retryAfter = Duration.ofMillis(number(reply, 1));
        int rejected = (int) number(reply, 2);
        List<LimitState> states = new ArrayList<>(reply.size() / 2);
        int at = 3;
        for (LimitSpec spec : specs) {
            if (spec.requestsPerMinute() != null) {
                states.add(state(spec.scope(), LimitKind.REQUESTS, spec.requestsPerMinute(), reply, at));
                at += 2;
            }
            if (spec.tokensPerMinute() != null) {
                states.add(state(spec.scope(), LimitKind.TOKENS, spec.tokensPerMinute(), reply, at));
                at += 2;
            }
            if (spec.maxConcurrent() != null) {
                states.add(state(spec.scope(), LimitKind.CONCURRENT, spec.maxConcurrent(), reply, at));
                at += 2;
            }
        }
        return allowed ? Admission.allowed(states) : Admission.rejected(states.get(rejected), retryAfter, states);
    }

    private static LimitState state(String scope, LimitKind kind, int limit, List<?> reply, int at) {
        return new LimitState(scope, kind, limit, number(reply, at), Duration.ofMillis(number(reply, at + 1)));
    }

    private static long number(List<?> reply, int index) {
        return ((Number) reply.get(index)).longValue();
    }

    private String rateKey(String scope) {
        return redis.key("rate", scope);
    }

    private String leaseKey(String scope) {
        return redis.key("leases", scope);
    }

    private static String text(Integer limit) {
        return limit == null ? "" : limit.toString();
    }

    private static void requireDistinctScopes(List<LimitSpec> specs) {
        if (specs.size() < 2) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (LimitSpec spec : specs) {
            if (!seen.add(spec.scope())) {
                throw new IllegalArgumentException("scope " + spec.scope() + " appears twice in one request's limits");
            }
        }
    }
}
