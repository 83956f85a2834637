package dev.switchboard.core.accounting;

/**
 * Where usage records go: the store, written behind in batches. {@link #record} never blocks the
 * request that calls it on the database. Thread-safe.
 */
@FunctionalInterface
public interface UsageSink {

    UsageSink NONE = record -> { };

    void record(UsageRecord record);
}
