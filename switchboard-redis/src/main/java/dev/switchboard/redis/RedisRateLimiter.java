package dev.switchboard.redis;

import dev.switchboard.core.cache.StartOverMap;
import dev.switchboard.core.limits.Admission;
import dev.switchboard.core.limits.InMemoryRateLimiter;
import dev.switchboard.core.limits.LimitSpec;
import dev.switchboard.core.limits.RateLimiter;
import dev.switchboard.redis.LimitsCall.ScopeKeys;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Rate limits shared by every replica through Redis: together the replicas never admit more than
 * a limit. Same contract and numbers as {@link InMemoryRateLimiter} (GCRA per minute for RPM and
 * TPM, leases for concurrency), computed by a Lua script on the server ({@code limits.lua}),
 * atomic over every scope of a request, on Redis's clock so replicas with skewed clocks agree.
 * Times are whole milliseconds. Keys (see {@code README.md}) expire when a scope is idle: a rate
 * hash once drained, a lease set a lease TTL (and at most a second) after its last lease.
 *
 * <p>One script call per request: an acquire is sent at once, together with the acquires other
 * threads make at the same moment and the releases queued before it. {@code release} only queues:
 * the next acquire carries the release, or else one flusher thread sends it after
 * {@link #RELEASE_DELAY} (with whatever else is queued), so a release costs neither a call nor a
 * thread of its own. A release queued before an acquire counts before it.
 *
 * <p>Leases live in a sorted set scored by expiry, so the slots of a replica that dies are free
 * again after the lease TTL (default 10 minutes; it must be longer than the longest request, or a
 * request still running loses its slot and its token correction).
 *
 * <p>While Redis is unreachable (see {@link RedisConnection}) decisions follow the connection's
 * {@link FailurePolicy}: {@code LOCAL} decides with an {@link InMemoryRateLimiter} of this replica
 * and the same limits, marked {@linkplain Admission#degraded() degraded}; {@code REJECT} returns
 * a degraded rejection that names no limit (for a 503), with a retry after of one second.
 * Releases that cannot reach Redis are kept and sent when it is back (at the end of an outage, or
 * after the next call that succeeds), so slots taken before an outage are not held until their
 * leases expire. Never throws for Redis trouble, never waits on
 * Redis longer than the connection's timeout (plus, for a release, the release delay).
 *
 * <p>Thread-safe. Closing it sends the releases still queued; it does not close the shared
 * connection.
 */
public final class RedisRateLimiter implements RateLimiter {

    private static final System.Logger LOG = System.getLogger(RedisRateLimiter.class.getName());
    /** How long a release waits for an acquire to carry it to Redis: 2 ms. */
    public static final Duration RELEASE_DELAY = Duration.ofMillis(2);
    private static final int MAX_PENDING_RELEASES = 10_000;
    /** Most keys sent in one script call (two per scope of each release and acquire). */
    private static final int MAX_BATCH_KEYS = 256;
    private static final int MAX_CACHED_SCOPES = 100_000;
    private static final Duration REJECT_RETRY = Duration.ofSeconds(1);

    private final RedisConnection redis;
    private final String leaseTtlMillis;
    private final Duration releaseDelay;
    private final InMemoryRateLimiter local;
    private final PendingReleases pending = new PendingReleases(MAX_PENDING_RELEASES);
    private final Batcher<LimitsCall.Item, Admission> calls =
            new Batcher<>(this::send, LimitsCall.Item::weight, MAX_BATCH_KEYS);
    /** The keys of scopes seen (departed keys and tenants go when it starts over). */
    private final StartOverMap<String, ScopeKeys> scopeKeys = new StartOverMap<>(MAX_CACHED_SCOPES);
    private volatile boolean localUsed;

    /** A limiter whose leases expire after {@link InMemoryRateLimiter#DEFAULT_LEASE_TTL}. */
    public RedisRateLimiter(RedisConnection redis) {
        this(redis, InMemoryRateLimiter.DEFAULT_LEASE_TTL);
    }

    /** @param leaseTtl how long a request that is never released holds its slot; at least 1 ms */
    public RedisRateLimiter(RedisConnection redis, Duration leaseTtl) {
        this(redis, leaseTtl, RELEASE_DELAY);
    }

    /**
     * @param releaseDelay how long a release waits for an acquire to carry it; zero sends it at
     *     once, and {@code release} then returns once Redis has applied it
     */
    RedisRateLimiter(RedisConnection redis, Duration leaseTtl, Duration releaseDelay) {
        this.redis = Objects.requireNonNull(redis, "redis");
        if (leaseTtl.toMillis() < 1) {
            throw new IllegalArgumentException("leaseTtl must be at least 1 ms: " + leaseTtl);
        }
        if (releaseDelay.isNegative()) {
            throw new IllegalArgumentException("releaseDelay must not be negative: " + releaseDelay);
        }
        this.leaseTtlMillis = Long.toString(leaseTtl.toMillis());
        this.releaseDelay = releaseDelay;
        this.local = new InMemoryRateLimiter(redis.ticker(), leaseTtl);
        redis.onRecovery(this::replayKeptReleases);
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
        try {
            return calls.submit(new LimitsCall.Acquire(limited, tokens, leaseId));
        } catch (RedisUnavailableException e) {
            if (redis.settings().onFailure() == FailurePolicy.REJECT) {
                return new Admission(false, REJECT_RETRY, null, List.of(), true);
            }
            localUsed = true;
            return local.acquire(limited, tokens, leaseId).asDegraded();
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Returns at once: Redis applies it within about {@link #RELEASE_DELAY} (at once after
     * {@link #close}). If Redis cannot be used then, it is kept and sent when Redis is back.
     */
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
        LimitsCall.Release release = new LimitsCall.Release(leased, leaseId, tokenCorrection);
        if (releaseDelay.isZero()) {
            try {
                calls.submit(release);
            } catch (RuntimeException e) {
                keep(release, e);
            }
        } else {
            calls.defer(release, releaseDelay, (sent, failure) -> {
                if (failure != null) {
                    keep(release, failure);
                }
            });
        }
    }

    private void keep(LimitsCall.Release release, RuntimeException failure) {
        if (failure instanceof RedisUnavailableException) {
            pending.add(release);
        } else {
            LOG.log(System.Logger.Level.WARNING, "a release was refused by Redis and is dropped (its slot frees when"
                    + " its lease expires): " + failure.getMessage());
        }
    }

    /** Sends the releases still queued at once; later releases are sent without waiting. */
    @Override
    public void close() {
        calls.flushAll();
    }

    /** Releases waiting for Redis to come back (for metrics and tests). */
    public int pendingReleases() {
        return pending.size();
    }

    /** Operations that went without Redis, as {@link RedisConnection#failures()}. */
    public long failures() {
        return redis.failures();
    }

    /** Releases and acquires queued for the next script call (for tests). */
    int queued() {
        return calls.queued();
    }

    private List<Admission> send(List<LimitsCall.Item> batch) {
        List<Admission> answers = LimitsCall.send(redis, leaseTtlMillis, this::keys, batch);
        // releases kept after a failure that was no outage (a slow reply, an error answer) would
        // otherwise wait for the end of some later outage
        replayKeptReleases();
        return answers;
    }

    /** Sends the kept releases on a thread of their own, unless there are none or one is at it. */
    private void replayKeptReleases() {
        if (pending.size() > 0 && !pending.replaying()) {
            Thread.ofVirtual().name("switchboard-redis-release-replay").start(() -> pending.replay(calls::submit));
        }
    }

    /** The keys of a scope, built once (while fewer than 100 000 scopes were seen since the last clearing). */
    private ScopeKeys keys(String scope) {
        return scopeKeys.computeIfAbsent(scope, s -> new ScopeKeys(redis.key("rate", s), redis.key("leases", s)));
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
