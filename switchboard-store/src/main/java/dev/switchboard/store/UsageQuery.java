package dev.switchboard.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Which usage to add up, and how to group it. Null filters do not filter.
 *
 * @param tenantId only this tenant's records, or null
 * @param keyId only this key's records, or null
 * @param model only records for this requested model, or null
 * @param from records at or after this instant (inclusive), or null
 * @param to records before this instant (exclusive), or null
 * @param groupBy how rows are grouped
 */
public record UsageQuery(String tenantId, String keyId, String model, Instant from, Instant to, GroupBy groupBy) {

    /** How {@link UsageRepository#aggregate} groups records into rows. */
    public enum GroupBy {
        /** One row per UTC day with records; the group is {@code YYYY-MM-DD}. */
        DAY,
        /** One row per requested model; the group is the model (null for records without one). */
        MODEL,
        /** One row per key; the group is the key id (null for the master key's records). */
        KEY,
        /** Exactly one row, zeros when nothing matched; the group is {@code all}. */
        NONE
    }

    /**
     * @throws IllegalArgumentException when {@code from} is after {@code to}
     */
    public UsageQuery {
        Objects.requireNonNull(groupBy, "groupBy");
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("usage query 'from' (" + from + ") is after 'to' (" + to + ")");
        }
    }

    /** Everything, grouped by {@code groupBy}; narrow it with the record's other components. */
    public static UsageQuery all(GroupBy groupBy) {
        return new UsageQuery(null, null, null, null, null, groupBy);
    }
}
