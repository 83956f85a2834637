package dev.switchboard.core.tenancy;

import dev.switchboard.core.api.ApiError;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.auth.Caller;
import dev.switchboard.core.auth.KeyHashes;
import dev.switchboard.core.auth.KeyVerifier;
import dev.switchboard.core.time.Refresher;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;

/**
 * Virtual keys in memory, so that authenticating a request never waits on the store: the keys and
 * tenants are loaded from a {@link KeySource} and reloaded when its version changes — at once after
 * a change made through this replica ({@link #refresh()}), and within the refresh interval for
 * changes made through others. Thread-safe.
 */
public final class KeyRing implements KeyVerifier, AutoCloseable {


    private final KeySource source;
    private final String pepper;
    private final InstantSource clock;
    private final Refresher refresher;
    private volatile Index index = new Index(Long.MIN_VALUE, Map.of(), Map.of());

    /**
     * Loads the keys now and starts watching for changes.
     *
     * @param pepper the install's secret mixed into key hashes
     * @param refreshInterval how often the source's version is checked
     */
    public KeyRing(KeySource source, String pepper, InstantSource clock, Duration refreshInterval) {
        this.source = source;
        this.pepper = pepper;
        this.clock = clock;
        refresh();
        this.refresher = new Refresher("switchboard-key-refresh", refreshInterval, this::refresh,
                "could not reload keys from the store (the keys loaded before stay in use)");
    }

    /** The hash a key is stored under. */
    public static String hash(String pepper, String key) {
        return KeyHashes.sha256Hex(pepper + ":" + key);
    }

    /**
     * The caller holding {@code presentedKey}, or null for an unknown key.
     *
     * @throws ApiException 401 when the key is disabled, expired, or its tenant is disabled
     */
    @Override
    public Caller verify(String presentedKey) {
        Index current = index;
        ApiKey key = current.byHash.get(hash(pepper, presentedKey));
        if (key == null) {
            return null;
        }
        Tenant tenant = current.tenants.get(key.tenantId());
        if (key.disabled()) {
            throw refused("This API key (" + key.prefix() + "...) is disabled.");
        }
        if (key.expiresAt() != null && !clock.instant().isBefore(key.expiresAt())) {
            throw refused("This API key (" + key.prefix() + "...) expired at " + key.expiresAt() + ".");
        }
        if (tenant == null || tenant.disabled()) {
            throw refused("The tenant of this API key (" + key.prefix() + "...) is disabled.");
        }
        return Caller.of(key, tenant);
    }

    /** Reloads keys and tenants if the source changed; returns the version now loaded. */
    public long refresh() {
        long version = source.version();
        if (version != index.version) {
            synchronized (this) {
                if (version != index.version) {
                    KeySource.Snapshot snapshot = source.load();
                    Map<String, ApiKey> byHash = new HashMap<>();
                    snapshot.keys().forEach(key -> byHash.put(key.hash(), key));
                    Map<String, Tenant> tenants = new HashMap<>();
                    snapshot.tenants().forEach(tenant -> tenants.put(tenant.id(), tenant));
                    index = new Index(snapshot.version(), Map.copyOf(byHash), Map.copyOf(tenants));
                }
            }
        }
        return index.version;
    }

    /** How many keys are loaded. */
    public int size() {
        return index.byHash.size();
    }

    @Override
    public void close() {
        refresher.close();
    }

    private static ApiException refused(String message) {
        return new ApiException(new ApiError(401, "invalid_request_error", "invalid_api_key", null, message));
    }

    private record Index(long version, Map<String, ApiKey> byHash, Map<String, Tenant> tenants) {
    }
}
