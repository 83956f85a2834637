package dev.switchboard.store;

import dev.switchboard.core.tenancy.KeySource;
import java.util.Objects;

/**
 * Tenants and keys as the gateway's in-memory copy needs them. {@link #version()} is one
 * single-row query, cheap enough to poll every second from every replica; {@link #load()} reads
 * everything in one consistent snapshot together with the version it belongs to. Writes through
 * any {@link Database} on the same store, from any replica, change the version. Thread-safe.
 */
public final class StoreKeySource implements KeySource {

    private final Database database;

    public StoreKeySource(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /** @throws StoreException when the store cannot be read */
    @Override
    public long version() {
        return database.withConnection(Changes::version);
    }

    /** @throws StoreException when the store cannot be read */
    @Override
    public Snapshot load() {
        return database.inSnapshot(connection -> new Snapshot(Changes.version(connection),
                TenantRepository.listAll(connection), ApiKeyRepository.listAll(connection)));
    }
}
