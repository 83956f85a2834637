package dev.switchboard.core.tenancy;

import java.util.List;

/**
 * Where tenants and keys are kept (the store). The gateway keeps them in memory and reloads them
 * when {@link #version()} changes, so no request waits on the store. Thread-safe.
 */
public interface KeySource {

    /** A number that changes whenever a tenant or key changes, on any replica. */
    long version();

    /** Every tenant and every key. */
    Snapshot load();

    /** Tenants and keys at one moment. */
    record Snapshot(long version, List<Tenant> tenants, List<ApiKey> keys) {

        public Snapshot {
            tenants = List.copyOf(tenants);
            keys = List.copyOf(keys);
        }
    }
}
