package dev.switchboard.server;

import dev.switchboard.core.auth.KeyHashes;
import dev.switchboard.core.config.ConfigLoader;
import dev.switchboard.core.config.StoreConfig;
import dev.switchboard.core.config.SwitchboardConfig;
import dev.switchboard.core.spi.ProviderRegistry;
import dev.switchboard.retrieval.embed.EmbeddingModels;
import dev.switchboard.retrieval.embed.LocalEmbeddingProvider;
import dev.switchboard.server.admin.Admin;
import dev.switchboard.server.admin.UsageReport;
import dev.switchboard.store.ApiKeyRepository;
import dev.switchboard.store.Database;
import dev.switchboard.store.FeedbackRepository;
import dev.switchboard.store.Settings;
import dev.switchboard.store.StoreSettings;
import dev.switchboard.store.TenantRepository;
import dev.switchboard.store.UsageRepository;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Map;

/**
 * The store and the operations on tenants, keys and usage, for the gateway and for the CLI alike:
 * opening it checks that the key pepper is the one the store's keys were made with.
 */
public final class AdminAccess implements AutoCloseable {

    static final String DATABASE_FILE = "switchboard.db";
    private static final String PEPPER_CHECK = "key_pepper_check";

    final Database database;
    final String pepper;
    final UsageRepository usageRepository;
    private final Admin admin;
    private final UsageReport usage;
    private volatile Runnable onChange = () -> { };

    private AdminAccess(Database database, String pepper, InstantSource clock) {
        this.database = database;
        this.pepper = pepper;
        this.usageRepository = new UsageRepository(database);
        this.admin = new Admin(new TenantRepository(database), new ApiKeyRepository(database), pepper, clock,
                new SecureRandom(), () -> onChange.run());
        this.usage = new UsageReport(admin, usageRepository, new FeedbackRepository(database), clock);
    }

    /** Opens the store of {@code config} (the SQLite file in {@code dataDir} by default). */
    public static AdminAccess open(SwitchboardConfig config, Path dataDir) {
        return open(config, dataDir, InstantSource.system());
    }

    static AdminAccess open(SwitchboardConfig config, Path dataDir, InstantSource clock) {
        String pepper = KeyPepper.resolve(config.auth().keyPepper(), dataDir, new SecureRandom());
        Database database = Database.open(storeSettings(config.store(), dataDir));
        try {
            checkPepper(new Settings(database), pepper);
            return new AdminAccess(database, pepper, clock);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** A config loader that knows every provider type this server has. */
    public static ConfigLoader configLoader(Map<String, String> env) {
        return new ConfigLoader(env, ProviderRegistry.builtIn().with(new SimulatorProviders())
                .with(new LocalEmbeddingProvider.Factory(EmbeddingModels.shared())));
    }

    public Admin admin() {
        return admin;
    }

    public UsageReport usage() {
        return usage;
    }

    /** Runs {@code action} after every change made through {@link #admin()}. */
    void onChange(Runnable action) {
        this.onChange = action;
    }

    /** The configured store, or the SQLite file in the data directory. */
    static StoreSettings storeSettings(StoreConfig store, Path dataDir) {
        return store.url() == null ? StoreSettings.sqlite(dataDir.resolve(DATABASE_FILE))
                : new StoreSettings(store.url(), store.user(), store.password());
    }

    /** Keys hashed with one pepper cannot be checked with another: refuse to start rather than fail every key. */
    private static void checkPepper(Settings settings, String pepper) {
        String check = KeyHashes.sha256Hex("switchboard-pepper-check:" + pepper);
        String stored = settings.putIfAbsent(PEPPER_CHECK, check);
        if (!stored.equals(check)) {
            throw new IllegalArgumentException("auth.key_pepper differs from the one the keys in this store were created"
                    + " with; every replica sharing a store must use the same pepper (restore the data directory's key-pepper"
                    + " file, or set auth.key_pepper in the config to it)");
        }
    }

    @Override
    public void close() {
        database.close();
    }
}
