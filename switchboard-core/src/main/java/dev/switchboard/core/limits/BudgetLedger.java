package dev.switchboard.core.limits;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Running spend per scope and budget period, shared by all replicas when backed by Redis. The
 * store's usage records are the source of truth: a ledger that does not know a period yet (first
 * use, a restart, a Redis flush) starts it from {@code recorded}, the spend the store has recorded
 * for the period so far. Thread-safe; never blocks longer than its backend timeout, except that
 * {@link #add} may first wait a few milliseconds for other calls to share its round trip (an
 * implementation documents how long). After a response, {@link #charge} adds its cost without
 * waiting.
 */
public interface BudgetLedger extends AutoCloseable {

    /** Spend of the scope in the period containing {@code now}, in billionths of a US dollar. */
    long spent(BudgetSpec budget, Instant now, LongSupplier recorded);

    /** Adds {@code nanos} to the spend of the period containing {@code now}; returns the new total. */
    long add(BudgetSpec budget, Instant now, long nanos, LongSupplier recorded);

    /**
     * {@link #spent} of several budgets at once, in their order; backends that can do it in one
     * round trip override this.
     */
    default long[] spent(List<BudgetSpec> budgets, Instant now, ToLongFunction<BudgetSpec> recorded) {
        return add(budgets, now, 0, recorded);
    }

    /**
     * {@link #add} to several budgets at once, in their order; backends that can do it in one
     * round trip override this.
     */
    default long[] add(List<BudgetSpec> budgets, Instant now, long nanos, ToLongFunction<BudgetSpec> recorded) {
        long[] totals = new long[budgets.size()];
        for (int i = 0; i < totals.length; i++) {
            BudgetSpec budget = budgets.get(i);
            totals[i] = add(budget, now, nanos, () -> recorded.applyAsLong(budget));
        }
        return totals;
    }

    /**
     * Adds {@code nanos} to several budgets like {@link #add(List, Instant, long, ToLongFunction)},
     * but returns at once: {@code counted} gets the totals after the charge once they are known,
     * on another thread (it must not block). A charge that cannot be counted is logged as a
     * warning, without {@code counted}. The default adds on a virtual thread of its own; backends
     * that batch override this.
     */
    default void charge(List<BudgetSpec> budgets, Instant now, long nanos, ToLongFunction<BudgetSpec> recorded,
                        Consumer<long[]> counted) {
        Thread.ofVirtual().name("switchboard-budget-charge")
                .start(() -> countQuietly(budgets, counted, () -> add(budgets, now, nanos, recorded)));
    }

    /** Hands {@code count}'s totals to {@code counted}, or logs why it failed (for {@link #charge}). */
    static void countQuietly(List<BudgetSpec> budgets, Consumer<long[]> counted, Supplier<long[]> count) {
        long[] totals;
        try {
            totals = count.get();
        } catch (RuntimeException e) {
            System.getLogger(BudgetLedger.class.getName()).log(System.Logger.Level.WARNING,
                    "could not add a charge to the budgets of " + budgets.stream().map(BudgetSpec::scope).toList()
                            + ": " + e.getMessage());
            return;
        }
        counted.accept(totals);
    }

    @Override
    default void close() {
    }
}
