package dev.switchboard.server;

import dev.switchboard.core.auth.Caller;
import dev.switchboard.core.auth.KeyHashes;
import dev.switchboard.core.config.ConsentConfig;
import dev.switchboard.core.config.RedisConfig;
import dev.switchboard.core.consent.ConsentBook;
import dev.switchboard.core.config.SwitchboardConfig;
import dev.switchboard.core.limits.BudgetLedger;
import dev.switchboard.core.limits.InMemoryBudgetLedger;
import dev.switchboard.core.limits.InMemoryRateLimiter;
import dev.switchboard.core.limits.LimitsUnavailableException;
import dev.switchboard.core.limits.RateLimiter;
import dev.switchboard.core.limits.SpendHistory;
import dev.switchboard.core.tenancy.KeyRing;
import dev.switchboard.redis.FailurePolicy;
import dev.switchboard.retrieval.Retrieval;
import dev.switchboard.retrieval.memory.SessionStore;
import dev.switchboard.server.privacy.Privacy;
import dev.switchboard.server.retrieval.RetrievalSetup;
import dev.switchboard.redis.RedisBudgetLedger;
import dev.switchboard.redis.RedisConnection;
import dev.switchboard.redis.RedisRateLimiter;
import dev.switchboard.redis.RedisSettings;
import dev.switchboard.store.ConsentUseWriter;
import dev.switchboard.store.StoreException;
import dev.switchboard.store.StoreKeySource;
import dev.switchboard.store.UsageRepository;
import dev.switchboard.store.UsageWriter;
import java.security.MessageDigest;

/**
 * What a gateway keeps for its whole life, unlike {@link GatewayState} which follows the config:
 * the store, the usage writer, the key ring, the shared limit counters, the admin operations, and
 * the consent vault (its store, in-memory book, use writer and retention pruning), and the
 * retrieval collections. Changes to {@code store}, {@code consent}, {@code redis},
 * {@code retrieval} or {@code auth.key_pepper} take effect at the next start.
 */
final class GatewayServices implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(GatewayServices.class.getName());
    private static final int CONSENT_USE_QUEUE = 100_000;

    final AdminAccess access;
    final UsageWriter usageWriter;
    final KeyRing keyRing;
    final RateLimiter limiter;
    final BudgetLedger ledger;
    final SpendHistory history;
    /** Runs budget and limit updates after responses end. */
    final ConsentAccess consent;
    final ConsentBook consentBook;
    final ConsentUseWriter consentUses;
    private final Thread consentPruner;
    private final RedisConnection redis;
    /** Collections for retrieval; registered as the erasure hook {@code retrieval}. */
    final Retrieval retrieval;
    /** Conversation sessions of grounded chat, in memory. */
    final SessionStore sessions = new SessionStore(10_000, 200, GatewayServices::sessionId);

    private GatewayServices(SwitchboardConfig config, GatewayOptions options, AdminAccess access, ConsentAccess consent) {
        this.access = access;
        this.consent = consent;
        this.retrieval = RetrievalSetup.open(config.retrieval(), options.dataDir(),
                memoized(() -> Privacy.from(config.privacy(), new java.security.SecureRandom())));
        consent.erasureHooks().register("retrieval", retrieval::eraseSubject);
        ConsentConfig consentConfig = config.consent();
        this.consentBook = new ConsentBook(consent.store, consentConfig.refreshInterval());
        this.consentUses = new ConsentUseWriter(consent.store, CONSENT_USE_QUEUE, consentConfig.useFlushInterval());
        consent.beforeErase(consentUses::flush);
        consent.onChange(consentBook::refresh);
        this.consentPruner = Thread.ofPlatform().daemon().name("switchboard-consent-prune")
                .start(() -> pruneConsentUses(consentConfig.pruneInterval(), options.clock()));
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
        ConsentAccess consent = null;
        try {
            consent = ConsentAccess.open(config.consent(), options.dataDir(), options.clock());
            return new GatewayServices(config, options, access, consent);
        } catch (RuntimeException e) {
            if (consent != null) {
                consent.close();
            }
            access.close();
            throw e;
        }
    }

    /** Deletes consent uses past their retention every {@code interval}, first at start. */
    private void pruneConsentUses(java.time.Duration interval, java.time.InstantSource clock) {
        while (true) {
            try {
                int pruned = consent.store.pruneUses(clock.instant());
                if (pruned > 0) {
                    LOG.log(System.Logger.Level.INFO, "pruned " + pruned + " consent uses past their retention");
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not prune consent uses (retrying at the next interval): "
                        + e.getMessage());
            }
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static String sessionId() {
        byte[] bytes = new byte[16];
        SESSION_IDS.nextBytes(bytes);
        return "sess_" + java.util.HexFormat.of().formatHex(bytes);
    }

    private static final java.security.SecureRandom SESSION_IDS = new java.security.SecureRandom();

    private static <T> java.util.function.Supplier<T> memoized(java.util.function.Supplier<T> supplier) {
        return new java.util.function.Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
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
        usageWriter.close(); // writes every queued usage record
        consentPruner.interrupt();
        consentUses.close(); // writes every queued consent use
        consentBook.close();
        keyRing.close();
        limiter.close();
        ledger.close();
        if (redis != null) {
            redis.close();
        }
        retrieval.close();
        consent.close();
        access.close();
    }
}
