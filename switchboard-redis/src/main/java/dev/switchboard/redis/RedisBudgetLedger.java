package dev.switchboard.redis;

import dev.switchboard.core.limits.BudgetLedger;
import dev.switchboard.core.limits.BudgetSpec;
import dev.switchboard.core.limits.InMemoryBudgetLedger;
import dev.switchboard.core.limits.LimitsUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Budget spend shared by every replica through Redis: one integer counter of billionths of a
 * dollar per scope and period ({@code INCRBY}, exact to the nano-dollar), key
 * {@code sb:<prefix>:budget:<scope>:<day|month>:<period start, unix seconds>}, expiring a day
 * after its period ends.
 *
 * <p>A counter Redis does not have (first use, expired, flushed) starts from {@code recorded}: the
 * script reports it missing, this ledger calls {@code recorded} and runs the script again with
 * the seed, which sets the counter only if it is still missing and then adds. When replicas race
 * on a new period each may call {@code recorded}, but one seed is kept and every addition counted
 * once. One round trip per call, two when a period starts.
 *
 * <p>While Redis is unreachable, by the connection's {@link FailurePolicy}: {@code LOCAL} counts in
 * an {@link InMemoryBudgetLedger} of this replica (its periods start from {@code recorded} too);
 * {@code REJECT} throws {@link LimitsUnavailableException} (a 503) from {@link #spent} and from
 * {@link #add}. Either way amounts added during the outage are kept and added to Redis when it is
 * back, unless the counter is gone by then (it then starts from the recorded spend, which includes
 * them); the local counters are forgotten then, so a later outage starts from the store again.
 *
 * <p>Thread-safe; never waits on Redis longer than the connection's timeout.
 */
public final class RedisBudgetLedger implements BudgetLedger {

    private static final LuaScript BUDGET = LuaScript.fromResource("budget.lua");
    private static final Duration KEPT_AFTER_PERIOD = Duration.ofDays(1);

    private record Pending(long nanos, String expiresAt) {
        Pending plus(Pending more) {
            return new Pending(nanos + more.nanos, expiresAt);
        }
    }

    private final RedisConnection redis;
    private final InMemoryBudgetLedger local = new InMemoryBudgetLedger();
    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean replaying = new AtomicBoolean();

    public RedisBudgetLedger(RedisConnection redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
        redis.onRecovery(() -> {
            local.clear();
            if (!pending.isEmpty()) {
                Thread.ofVirtual().name("switchboard-redis-budget-replay").start(this::replay);
            }
        });
    }

    /** @throws LimitsUnavailableException if Redis is unreachable and the policy is {@code REJECT} */
    @Override
    public long spent(BudgetSpec budget, Instant now, LongSupplier recorded) {
        return count(budget, now, 0, recorded);
    }

    /**
     * {@inheritDoc}
     *
     * @throws LimitsUnavailableException if Redis is unreachable and the policy is {@code REJECT};
     *     the amount is still added when Redis is back
     */
    @Override
    public long add(BudgetSpec budget, Instant now, long nanos, LongSupplier recorded) {
        return count(budget, now, nanos, recorded);
    }

    /** Counters with amounts waiting for Redis to come back (for metrics and tests). */
    public int pendingAdditions() {
        return pending.size();
    }

    /** Operations that went without Redis, as {@link RedisConnection#failures()}. */
    public long failures() {
        return redis.failures();
    }

    private long count(BudgetSpec budget, Instant now, long nanos, LongSupplier recorded) {
        Objects.requireNonNull(recorded, "recorded");
        Instant start = budget.period().start(now);
        String key = redis.key("budget", budget.scope(), budget.period().label(), Long.toString(start.getEpochSecond()));
        String expiresAt = Long.toString(budget.period().end(now).plus(KEPT_AFTER_PERIOD).toEpochMilli());
        String amount = Long.toString(nanos);
        try {
            Object total = redis.eval(BUDGET, List.of(key), List.of(amount, "", expiresAt));
            if (total == null) {
                long seed = recorded.getAsLong();
                total = redis.eval(BUDGET, List.of(key), List.of(amount, Long.toString(seed), expiresAt));
                if (total == null) { // expired at once: the caller's clock is far behind Redis's
                    return seed + nanos;
                }
            }
            return Long.parseLong(total.toString());
        } catch (RedisUnavailableException e) {
            if (nanos != 0) {
                pending.merge(key, new Pending(nanos, expiresAt), Pending::plus);
            }
            if (redis.settings().onFailure() == FailurePolicy.REJECT) {
                throw new LimitsUnavailableException("Budgets");
            }
            return local.add(budget, now, nanos, recorded);
        }
    }

    private void replay() {
        if (!replaying.compareAndSet(false, true)) {
            return; // one at a time: sending an amount twice would count it twice
        }
        try {
            sendPending();
        } finally {
            replaying.set(false);
        }
    }

    private void sendPending() {
        for (Map.Entry<String, Pending> entry : pending.entrySet()) {
            String key = entry.getKey();
            Pending amount = entry.getValue();
            try {
                redis.eval(BUDGET, List.of(key), List.of(Long.toString(amount.nanos()), "", amount.expiresAt()));
            } catch (RedisUnavailableException e) {
                return; // down again: the next recovery sends it
            }
            // removed only once sent, so "nothing pending" means "all in Redis"; amounts added meanwhile stay
            pending.computeIfPresent(key, (k, now) -> now.nanos() == amount.nanos() ? null
                    : new Pending(now.nanos() - amount.nanos(), now.expiresAt()));
        }
    }
}
