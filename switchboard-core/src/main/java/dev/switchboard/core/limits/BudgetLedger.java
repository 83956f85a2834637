package dev.switchboard.core.limits;

import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Running spend per scope and budget period, shared by all replicas when backed by Redis. The
 * store's usage records are the source of truth: a ledger that does not know a period yet (first
 * use, a restart, a Redis flush) starts it from {@code recorded}, the spend the store has recorded
 * for the period so far. Thread-safe; never blocks longer than its backend timeout.
 */
public interface BudgetLedger extends AutoCloseable {

    /** Spend of the scope in the period containing {@code now}, in billionths of a US dollar. */
    long spent(BudgetSpec budget, Instant now, LongSupplier recorded);

    /** Adds {@code nanos} to the spend of the period containing {@code now}; returns the new total. */
    long add(BudgetSpec budget, Instant now, long nanos, LongSupplier recorded);

    @Override
    default void close() {
    }
}
