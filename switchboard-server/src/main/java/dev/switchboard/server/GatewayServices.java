package dev.switchboard.server;

import dev.switchboard.core.auth.Caller;
import dev.switchboard.core.auth.KeyHashes;
import dev.switchboard.core.config.RedisConfig;
import dev.switchboard.core.config.StoreConfig;
import dev.switchboard.core.config.SwitchboardConfig;
import dev.switchboard.core.limits.BudgetLedger;
import dev.switchboard.core.limits.InMemoryBudgetLedger;
import dev.switchboard.core.limits.InMemoryRateLimiter;
import dev.switchboard.core.limits.RateLimiter;
import dev.switchboard.core.limits.SpendHistory;
import dev.switchboard.core.tenancy.KeyRing;
import dev.switchboard.redis.FailurePolicy;
import dev.switchboard.redis.RedisBudgetLedger;
import dev.switchboard.redis.RedisConnection;
import dev.switchboard.redis.RedisRateLimiter;
import dev.switchboard.redis.RedisSettings;
import dev.switchboard.server.admin.Admin;
import dev.switchboard.server.admin.UsageReport;
import dev.switchboard.store.ApiKeyRepository;
import dev.switchboard.store.Database;
import dev.switchboard.store.Settings;
import dev.switchboard.store.StoreKeySource;
import dev.switchboard.store.StoreSettings;
import dev.switchboard.store.TenantRepository;
import dev.switchboard.store.UsageRepository;
import dev.switchboard.store.UsageWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What a gateway keeps for its whole life, unlike {@link GatewayState} which follows the config:
 * the store, the usage writer, the key ring, the shared limit counters and the admin operations.
 * Changes to {@code store}, {@code redis} or {@code auth.key_pepper} take effect at the next start.
 */
final class GatewayServices implements AutoCloseable {

    static final String DATABASE_FILE = "switchboard.db";
    private static final String PEPPER_CHECK = "key_pepper_check";

    final Database database;
    final UsageRepository usage;
    final UsageWriter usageWriter;
    final KeyRing keyRing;
    final RateLimiter limiter;
    final BudgetLedger ledger;
    final SpendHistory history;
    final Admin admin;
    final UsageReport usageReport;
    /** Runs budget and limit updates after responses end. */
    final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private final RedisConnection redis;

    private GatewayServices(SwitchboardConfig config, GatewayOptions options, Database database) {
        this.database = database;
        String pepper = KeyPepper.resolve(config.auth().keyPepper(), options.dataDir(), new SecureRandom());
        checkPepper(new Settings(database), pepper);
        this.usage = new UsageRepository(database);
        this.usageWriter = UsageWriter.builder(usage).flushInterval(config.store().usageFlushInterval()).start();
        this.keyRing = new KeyRing(new StoreKeySource(database), pepper, options.clock(),
                config.store().keyRefreshInterval());
        RedisConfig redisConfig = config.redis();
        if (redisConfig != null) {
            this.redis = new RedisConnection(new RedisSettings(redisConfig.url(), redisConfig.timeout(),
                    redisConfig.onFailure() == RedisConfig.OnFailure.REJECT ? FailurePolicy.REJECT : FailurePolicy.LOCAL),
                    "");
            this.limiter = new RedisRateLimiter(redis);
            this.ledger = new RedisBudgetLedger(redis);
        } else {
            this.redis = null;
            this.limiter = new InMemoryRateLimiter(options.ticker());
            this.ledger = new InMemoryBudgetLedger();
        }
        this.history = (scope, from) -> scope.startsWith("key:")
                ? usage.costSince(null, scope.substring(4), from)
                : usage.costSince(scope.substring(7), null, from);
        this.admin = new Admin(new TenantRepository(database), new ApiKeyRepository(database), pepper, options.clock(),
                new SecureRandom(), keyRing::refresh);
        this.usageReport = new UsageReport(admin, usage, options.clock());
    }

    static GatewayServices open(SwitchboardConfig config, GatewayOptions options) {
        Database database = Database.open(storeSettings(config.store(), options.dataDir()));
        try {
            return new GatewayServices(config, options, database);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
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
                    + " with; every replica sharing a store must use the same pepper (restore it, or set"
                    + " SWITCHBOARD_KEY_PEPPER to it)");
        }
    }

    /** The caller of a key: the master key, or a tenant's virtual key. */
    Caller verify(byte[] masterHash, String presented) {
        if (java.security.MessageDigest.isEqual(masterHash, KeyHashes.sha256(presented))) {
            return Caller.MASTER;
        }
        return keyRing.verify(presented);
    }

    @Override
    public void close() {
        background.close(); // waits for pending budget and limit updates
        usageWriter.close(); // writes every queued usage record
        keyRing.close();
        limiter.close();
        ledger.close();
        if (redis != null) {
            redis.close();
        }
        database.close();
    }
}
