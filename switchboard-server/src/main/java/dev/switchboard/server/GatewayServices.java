package dev.switchboard.server;

import dev.switchboard.core.auth.Caller;
import dev.switchboard.core.auth.KeyHashes;
import dev.switchboard.core.config.RedisConfig;
import dev.switchboard.core.config.SwitchboardConfig;
import dev.switchboard.core.limits.BudgetLedger;
import dev.switchboard.core.limits.InMemoryBudgetLedger;
import dev.switchboard.core.limits.InMemoryRateLimiter;
import dev.switchboard.core.limits.LimitsUnavailableException;
import dev.switchboard.core.limits.RateLimiter;
import dev.switchboard.core.limits.SpendHistory;
import dev.switchboard.core.tenancy.KeyRing;
import dev.switchboard.redis.FailurePolicy;
import dev.switchboard.redis.RedisBudgetLedger;
import dev.switchboard.redis.RedisConnection;
import dev.switchboard.redis.RedisRateLimiter;
import dev.switchboard.redis.RedisSettings;
import dev.switchboard.store.StoreException;
import dev.switchboard.store.StoreKeySource;
import dev.switchboard.store.UsageRepository;
import dev.switchboard.store.UsageWriter;
import java.security.MessageDigest;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What a gateway keeps for its whole life, unlike {@link GatewayState} which follows the config:
 * the store, the usage writer, the key ring, the shared limit counters and the admin operations.
 * Changes to {@code store}, {@code redis} or {@code auth.key_pepper} take effect at the next start.
 */
final class GatewayServices implements AutoCloseable {

    final AdminAccess access;
    final UsageWriter usageWriter;
    final KeyRing keyRing;
    final RateLimiter limiter;
    final BudgetLedger ledger;
    final SpendHistory history;
    /** Runs budget and limit updates after responses end. */
    final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private final RedisConnection redis;

    private GatewayServices(SwitchboardConfig config, GatewayOptions options, AdminAccess access) {
        this.access = access;
        UsageRepository usage = access.usageRepository;
        this.usageWriter = UsageWriter.builder(usage).flushInterval(config.store().usageFlushInterval()).start();
        this.keyRing = new KeyRing(new StoreKeySource(access.database), access.pepper, options.clock(),
                config.store().keyRefreshInterval());
        access.onChange(keyRing::refresh);
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
        this.history = (scope, from) -> {
            try {
                return scope.startsWith("key:") ? usage.costSince(null, scope.substring("key:".length()), from)
                        : usage.costSince(scope.substring("tenant:".length()), null, from);
            } catch (StoreException e) { // a budget period cannot start without its recorded spend
                throw new LimitsUnavailableException("Budgets");
            }
        };
    }

    static GatewayServices open(SwitchboardConfig config, GatewayOptions options) {
        AdminAccess access = AdminAccess.open(config, options.dataDir(), options.clock());
        try {
            return new GatewayServices(config, options, access);
        } catch (RuntimeException e) {
            access.close();
            throw e;
        }
    }

    /** The caller of a key: the master key, or a tenant's virtual key. */
    Caller verify(byte[] masterHash, String presented) {
        if (MessageDigest.isEqual(masterHash, KeyHashes.sha256(presented))) {
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
        access.close();
    }
}
