package dev.switchboard.core.limits;

import java.time.Instant;

/** What the usage ledger has recorded as spent, to start budget counters from. Thread-safe. */
@FunctionalInterface
public interface SpendHistory {

    SpendHistory NONE = (scope, from) -> 0;

    /** Cost recorded for {@code scope} since {@code from}, in billionths of a US dollar. */
    long costSince(String scope, Instant from);
}
