package dev.switchboard.redis;

import dev.switchboard.core.cache.StartOverMap;
import dev.switchboard.core.limits.BudgetLedger;
import dev.switchboard.core.limits.BudgetPeriod;
import dev.switchboard.core.limits.BudgetSpec;
import dev.switchboard.core.limits.InMemoryBudgetLedger;
import dev.switchboard.core.limits.LimitsUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;

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
 * once. One round trip per call (for all the budgets it is given, and the calls of other threads
 * made at the same moment), two when a period starts.
 *
 * <p>Charges ({@code add} of a non-zero amount, made after a response) wait up to
 * {@link #CHARGE_DELAY} for another call to carry them: the charges of other requests, or a read
 * that goes to Redis (which so sees this replica's queued charges). {@code add} still returns the
 * total right after its own charge, once Redis has applied it, so call it off the request's path;
 * {@link #charge} (what the gateway uses) queues the charge and returns at once. Other replicas
 * see a charge up to that delay late. Closing the ledger sends the charges still queued.
 *
 * <p>While Redis is unreachable, by the connection's {@link FailurePolicy}: {@code LOCAL} counts in
 * an {@link InMemoryBudgetLedger} of this replica (its periods start from {@code recorded} too);
 * {@code REJECT} throws {@link LimitsUnavailableException} (a 503) from {@link #spent} and from
 * {@link #add}. Either way amounts added during the outage are kept and added to Redis when it is
 * back, unless the counter is gone by then (it then starts from the recorded spend, which includes
 * them); the local counters are forgotten then, so a later outage starts from the store again.
 *
 * <p>Reads ({@code spent}) are served from this replica's last view of a counter (what Redis
 * answered to its last read or addition) while that view is younger than a maximum age (default
 * {@link #SNAPSHOT_MAX_AGE}; zero makes every read exact)
 * and below {@link #EXACT_ABOVE} of the budget, and Redis is up; otherwise they go to Redis. Far from the limit a
 * second-old view cannot change a decision (spending a tenth of a budget within a second is not a
 * budget, it is an incident); near the limit every read is exact. This keeps the shared counter
 * off the request's path at high rates: one read per scope per second instead of one per request.
 *
 * <p>Thread-safe; never waits on Redis longer than the connection's timeout.
 */
public final class RedisBudgetLedger implements BudgetLedger {

    private static final LuaScript BUDGET = LuaScript.fromResource("budget.lua");
    private static final Duration KEPT_AFTER_PERIOD = Duration.ofDays(1);
    /** How old this replica's view of a counter may be when a read is served from it, by default. */
    public static final Duration SNAPSHOT_MAX_AGE = Duration.ofSeconds(1);
    /** Share of a budget above which every read goes to Redis. */
    static final double EXACT_ABOVE = 0.9;
    private static final int MAX_SNAPSHOTS = 100_000;
    /** Most counter entries sent in one script call. */
    private static final int MAX_BATCH_ENTRIES = 256;
    /** How long a charge waits for another call to carry it to Redis: 5 ms. */
    public static final Duration CHARGE_DELAY = Duration.ofMillis(5);
    private static final int MAX_CACHED_SCOPES = 100_000;

    /** A counter's total as Redis last answered it, and when (ticker nanos). */
    private record Snapshot(long total, long readAt) {
    }

    /** A period's counter key and expiry (unix ms, as text), for instants from {@code from} to {@code until} (ms). */
    private record CounterKey(long from, long until, String key, String expiresAt) {
    }

    private record Pending(long nanos, String expiresAt) {
        Pending plus(Pending more) {
            return new Pending(nanos + more.nanos, expiresAt);
        }
    }

    private final RedisConnection redis;
    private final InMemoryBudgetLedger local = new InMemoryBudgetLedger();
    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean replaying = new AtomicBoolean();
    /** Views of counters (those of ended periods and departed keys go when it starts over). */
    private final StartOverMap<String, Snapshot> snapshots = new StartOverMap<>(MAX_SNAPSHOTS);
    private final long snapshotMaxAgeNanos;
    private final Batcher<List<Entry>, List<?>> calls = new Batcher<>(this::evalAll, List::size, MAX_BATCH_ENTRIES);
    private final Duration chargeDelay;
    /** Per scope, the counter key of its last period of each kind (by {@link BudgetPeriod#ordinal()}). */
    private final StartOverMap<String, CounterKey[]> counterKeys = new StartOverMap<>(MAX_CACHED_SCOPES);

    public RedisBudgetLedger(RedisConnection redis) {
        this(redis, SNAPSHOT_MAX_AGE);
    }

    /** @param snapshotMaxAge how old a view of a counter may be to serve a read; zero for none */
    public RedisBudgetLedger(RedisConnection redis, Duration snapshotMaxAge) {
        this(redis, snapshotMaxAge, CHARGE_DELAY);
    }

    /** @param chargeDelay how long a charge waits for another call to carry it; zero sends it at once */
    RedisBudgetLedger(RedisConnection redis, Duration snapshotMaxAge, Duration chargeDelay) {
        this.redis = Objects.requireNonNull(redis, "redis");
        if (snapshotMaxAge.isNegative()) {
            throw new IllegalArgumentException("snapshotMaxAge must not be negative: " + snapshotMaxAge);
        }
        if (chargeDelay.isNegative()) {
            throw new IllegalArgumentException("chargeDelay must not be negative: " + chargeDelay);
        }
        this.snapshotMaxAgeNanos = snapshotMaxAge.toNanos();
        this.chargeDelay = chargeDelay;
        redis.onRecovery(() -> {
            local.clear();
            snapshots.clear();
            if (!pending.isEmpty()) {
                Thread.ofVirtual().name("switchboard-redis-budget-replay").start(this::replay);
            }
        });
    }

    /** @throws LimitsUnavailableException if Redis is unreachable and the policy is {@code REJECT} */
    @Override
    public long spent(BudgetSpec budget, Instant now, LongSupplier recorded) {
        return count(List.of(budget), now, 0, b -> recorded.getAsLong())[0];
    }

    /**
     * {@inheritDoc}
     *
     * <p>A non-zero amount waits up to {@link #CHARGE_DELAY} for another call to carry it.
     *
     * @throws LimitsUnavailableException if Redis is unreachable and the policy is {@code REJECT};
     *     the amount is still added when Redis is back
     */
    @Override
    public long add(BudgetSpec budget, Instant now, long nanos, LongSupplier recorded) {
        return count(List.of(budget), now, nanos, b -> recorded.getAsLong())[0];
    }

    /** As {@link #spent(BudgetSpec, Instant, LongSupplier)}, in one round trip. */
    @Override
    public long[] spent(List<BudgetSpec> budgets, Instant now, ToLongFunction<BudgetSpec> recorded) {
        return count(budgets, now, 0, recorded);
    }

    /** As {@link #add(BudgetSpec, Instant, long, LongSupplier)}, in one round trip. */
    @Override
    public long[] add(List<BudgetSpec> budgets, Instant now, long nanos, ToLongFunction<BudgetSpec> recorded) {
        return count(budgets, now, nanos, recorded);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The charge is queued: another call carries it, or else one flusher thread sends it after
     * {@link #CHARGE_DELAY}, so it costs neither a call nor a thread of its own. {@code counted}
     * runs on the thread that sent it, or on a thread of its own when a counter must first be
     * seeded from {@code recorded} or Redis could not be used (then by the failure policy: counted
     * locally, or logged and not counted; either way the amount is added when Redis is back).
     */
    @Override
    public void charge(List<BudgetSpec> budgets, Instant now, long nanos, ToLongFunction<BudgetSpec> recorded,
                       Consumer<long[]> counted) {
        Objects.requireNonNull(recorded, "recorded");
        if (nanos == 0 || chargeDelay.isZero()) {
            BudgetLedger.super.charge(budgets, now, nanos, recorded, counted);
            return;
        }
        Counting counting = new Counting(budgets, now, nanos);
        calls.defer(counting.entries, chargeDelay, (first, failure) -> {
            if (failure == null && !first.contains(null)) {
                counted.accept(counting.complete(first, recorded)); // no I/O: every counter was there
                return;
            }
            // seeding reads the store, and counting locally may too: not on the thread that sent the batch
            Thread.ofVirtual().name("switchboard-budget-charge").start(() -> BudgetLedger.countQuietly(budgets, counted,
                    () -> {
                        if (failure == null) {
                            return counting.complete(first, recorded);
                        }
                        if (failure instanceof RedisUnavailableException) {
                            return counting.withoutRedis(counting.allAsked(), recorded);
                        }
                        throw failure;
                    }));
        });
    }

    /** Sends the charges still queued at once; later charges are sent without waiting. */
    @Override
    public void close() {
        calls.flushAll();
    }

    /** Counters with amounts waiting for Redis to come back (for metrics and tests). */
    public int pendingAdditions() {
        return pending.size();
    }

    /** Operations that went without Redis, as {@link RedisConnection#failures()}. */
    public long failures() {
        return redis.failures();
    }

    /** Charges and reads queued for the next script call (for tests). */
    int queued() {
        return calls.queued();
    }

    private long[] count(List<BudgetSpec> budgets, Instant now, long nanos, ToLongFunction<BudgetSpec> recorded) {
        Objects.requireNonNull(recorded, "recorded");
        Counting counting = new Counting(budgets, now, nanos);
        if (counting.asked.isEmpty()) {
            return counting.totals;
        }
        List<?> first;
        try {
            // charges (after responses, off the request path) wait to share a call; reads go at once,
            // carrying the charges queued before them
            first = nanos != 0 ? calls.submitLazily(counting.entries, chargeDelay) : calls.submit(counting.entries);
        } catch (RedisUnavailableException e) {
            return counting.withoutRedis(counting.allAsked(), recorded);
        }
        return counting.complete(first, recorded);
    }

    /**
     * One count of budgets: the totals served from snapshots, and for the others the script
     * entries sent, then what their answers make of the totals.
     */
    private final class Counting {

        final List<BudgetSpec> budgets;
        final Instant now;
        final long nanos;
        final long[] totals;
        final List<Integer> asked; // the budgets Redis is asked about, by index
        final List<String> keys;
        final List<String> expiries;
        final List<Entry> entries;
        final long tick = redis.ticker().read();

        Counting(List<BudgetSpec> budgets, Instant now, long nanos) {
            this.budgets = budgets;
            this.now = now;
            this.nanos = nanos;
            int n = budgets.size();
            totals = new long[n];
            asked = new ArrayList<>(n);
            keys = new ArrayList<>(n);
            expiries = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                BudgetSpec budget = budgets.get(i);
                CounterKey counter = counterKey(budget, now);
                String key = counter.key();
                Snapshot view = nanos == 0 && redis.available() ? snapshots.get(key) : null;
                if (view != null && tick - view.readAt() < snapshotMaxAgeNanos
                        && view.total() < budget.limitNanos() * EXACT_ABOVE) {
                    totals[i] = view.total();
                    continue;
                }
                asked.add(i);
                keys.add(key);
                expiries.add(counter.expiresAt());
            }
            String amount = Long.toString(nanos);
            entries = entries(keys.size(), keys::get, j -> amount, j -> "", expiries::get);
        }

        /**
         * The totals, from the script's answers to {@link #entries}: counters Redis lacks are
         * seeded with {@code recorded} (another round trip).
         *
         * @throws RedisUnavailableException if Redis could not be used for the seeding
         */
        long[] complete(List<?> first, ToLongFunction<BudgetSpec> recorded) {
            List<Integer> missing = new ArrayList<>(); // positions in keys
            for (int j = 0; j < keys.size(); j++) {
                if (first.get(j) == null) {
                    missing.add(j);
                } else {
                    totals[asked.get(j)] = Long.parseLong(first.get(j).toString());
                }
            }
            if (!missing.isEmpty()) {
                String amount = Long.toString(nanos);
                long[] seeds = missing.stream().mapToLong(j -> recorded.applyAsLong(budgets.get(asked.get(j)))).toArray();
                List<?> seeded;
                try {
                    seeded = eval(entries(missing.size(), m -> keys.get(missing.get(m)), m -> amount,
                            m -> Long.toString(seeds[m]), m -> expiries.get(missing.get(m))));
                } catch (RedisUnavailableException e) {
                    return withoutRedis(missing, recorded); // the others were added by the first call
                }
                for (int m = 0; m < missing.size(); m++) {
                    Object total = seeded.get(m);
                    // nil again only if it expired at once: the caller's clock is far behind Redis's
                    totals[asked.get(missing.get(m))] = total == null ? seeds[m] + nanos : Long.parseLong(total.toString());
                }
            }
            remember(keys, asked, totals, tick);
            return totals;
        }

        /** Positions in {@link #keys} of every counter asked about. */
        List<Integer> allAsked() {
            return IntStream.range(0, keys.size()).boxed().toList();
        }

        /**
         * The totals when Redis could not count the counters at {@code failed} (positions in
         * {@link #keys}): the amount is kept to be added to them when Redis is back, and they are
         * counted locally or refused by the failure policy.
         *
         * @throws LimitsUnavailableException if the policy is {@code REJECT}
         */
        long[] withoutRedis(List<Integer> failed, ToLongFunction<BudgetSpec> recorded) {
            if (nanos != 0) {
                for (int j : failed) {
                    pending.merge(keys.get(j), new Pending(nanos, expiries.get(j)), Pending::plus);
                }
            }
            if (redis.settings().onFailure() == FailurePolicy.REJECT) {
                throw new LimitsUnavailableException("Budgets");
            }
            for (int j : failed) {
                BudgetSpec budget = budgets.get(asked.get(j));
                totals[asked.get(j)] = local.add(budget, now, nanos, () -> recorded.applyAsLong(budget));
            }
            return totals;
        }
    }

    /** The counter of the period of {@code budget} containing {@code now}; built once per scope and period. */
    private CounterKey counterKey(BudgetSpec budget, Instant now) {
        CounterKey[] byPeriod = counterKeys.computeIfAbsent(budget.scope(),
                scope -> new CounterKey[BudgetPeriod.values().length]);
        long at = now.toEpochMilli();
        CounterKey known = byPeriod[budget.period().ordinal()];
        if (known != null && at >= known.from() && at < known.until()) {
            return known;
        }
        Instant start = budget.period().start(now);
        Instant end = budget.period().end(now);
        CounterKey counter = new CounterKey(start.toEpochMilli(), end.toEpochMilli(),
                redis.key("budget", budget.scope(), budget.period().label(), Long.toString(start.getEpochSecond())),
                Long.toString(end.plus(KEPT_AFTER_PERIOD).toEpochMilli()));
        byPeriod[budget.period().ordinal()] = counter; // racing threads store equal values
        return counter;
    }

    private void remember(List<String> keys, List<Integer> asked, long[] totals, long tick) {
        for (int j = 0; j < keys.size(); j++) {
            // racing answers: keep the higher total (spend only grows), so a late reply cannot hide a charge
            snapshots.merge(keys.get(j), new Snapshot(totals[asked.get(j)], tick),
                    (held, fresh) -> fresh.total() >= held.total() ? fresh : held);
        }
    }

    /** One counter's part of a script call: key, amount, recorded spend ('' if not read) and expiry. */
    private record Entry(String key, String amount, String seed, String expiry) {
    }

    private static List<Entry> entries(int count, IntFunction<String> key, IntFunction<String> amount,
                                       IntFunction<String> seed, IntFunction<String> expiry) {
        List<Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            entries.add(new Entry(key.apply(i), amount.apply(i), seed.apply(i), expiry.apply(i)));
        }
        return entries;
    }

    /** Runs the budget script for {@code entries} alone. */
    private List<?> eval(List<Entry> entries) {
        List<String> keys = new ArrayList<>(entries.size());
        List<String> args = new ArrayList<>(3 * entries.size());
        for (Entry entry : entries) {
            keys.add(entry.key());
            args.add(entry.amount());
            args.add(entry.seed());
            args.add(entry.expiry());
        }
        return (List<?>) redis.eval(BUDGET, keys, args);
    }

    /**
     * One script call for several callers' charges (the script applies entries in order, exactly
     * as separate calls would); each caller gets its slice of the answers.
     */
    private List<List<?>> evalAll(List<List<Entry>> calls) {
        List<Entry> all = new ArrayList<>();
        calls.forEach(all::addAll);
        List<?> totals = eval(all);
        List<List<?>> answers = new ArrayList<>(calls.size());
        int at = 0;
        for (List<Entry> call : calls) {
            answers.add(new ArrayList<>(totals.subList(at, at + call.size()))); // may hold nulls
            at += call.size();
        }
        return answers;
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
