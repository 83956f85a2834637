package dev.switchboard.core.limits;

import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The budget ledger of one replica: a counter per scope and budget period, in memory.
 *
 * <p>A period's counter starts from {@code recorded} the first time it is used: one thread calls
 * it, the others starting the same period at that moment wait for its answer (reading a store for
 * every request of a burst would stall them all), and every addition lands on the one counter. Counters of periods that have ended are
 * dropped once per day (by the first call of a new UTC day), so memory follows the budgets in use.
 *
 * <p>Thread-safe and lock-free once a period has started; {@code recorded} is called outside any
 * lock.
 */
public final class InMemoryBudgetLedger implements BudgetLedger {

    private record Period(String scope, BudgetPeriod period, Instant start) {
    }

    private final ConcurrentHashMap<Period, AtomicLong> counters = new ConcurrentHashMap<>();
    /** Periods being started: the counter their first user is reading the seed for. */
    private final ConcurrentHashMap<Period, CompletableFuture<AtomicLong>> starting = new ConcurrentHashMap<>();
    /** Start of the UTC day counters were last swept in. */
    private final AtomicReference<Instant> sweptDay = new AtomicReference<>(Instant.MIN);

    @Override
    public long spent(BudgetSpec budget, Instant now, LongSupplier recorded) {
        return counter(budget, now, recorded).get();
    }

    @Override
    public long add(BudgetSpec budget, Instant now, long nanos, LongSupplier recorded) {
        return counter(budget, now, recorded).addAndGet(nanos);
    }

    /** Forgets every counter, so each period starts again from {@code recorded} at its next use. */
    public void clear() {
        counters.clear();
    }

    /** How many period counters are held (for metrics and tests). */
    public int trackedPeriods() {
        return counters.size();
    }

    private AtomicLong counter(BudgetSpec budget, Instant now, LongSupplier recorded) {
        Objects.requireNonNull(recorded, "recorded");
        Period key = new Period(budget.scope(), budget.period(), budget.period().start(now));
        AtomicLong counter = counters.get(key);
        if (counter != null) {
            return counter;
        }
        sweepIfNewDay(now);
        CompletableFuture<AtomicLong> mine = new CompletableFuture<>();
        CompletableFuture<AtomicLong> theirs = starting.putIfAbsent(key, mine);
        if (theirs != null) {
            try {
                return theirs.join();
            } catch (CompletionException e) { // theirs failed: so does this, the same way
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        try {
            counter = counters.get(key); // started between our first look and now
            if (counter == null) {
                long seed = recorded.getAsLong(); // may read a store: never inside a map's lock
                counter = counters.computeIfAbsent(key, k -> new AtomicLong(seed));
            }
            mine.complete(counter);
            return counter;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            starting.remove(key, mine);
        }
    }

    private void sweepIfNewDay(Instant now) {
        Instant day = BudgetPeriod.DAY.start(now);
        Instant swept = sweptDay.get();
        if (!day.isAfter(swept) || !sweptDay.compareAndSet(swept, day)) {
            return;
        }
        counters.keySet().removeIf(period -> !period.period().end(period.start()).isAfter(now));
    }
}
