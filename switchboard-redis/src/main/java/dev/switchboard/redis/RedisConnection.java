package dev.switchboard.redis;

import dev.switchboard.core.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.net.URI;
import java.util.NoSuchElementException;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * A pool of connections to one Redis server, shared by the Redis-backed limiter and ledger of a
 * replica, with the key namespace they write in and the server's health.
 *
 * <p>Every operation is bounded by {@link RedisSettings#timeout()}: waiting for a pooled
 * connection, connecting and each command. When Redis cannot be reached the operation fails fast
 * (the caller applies its {@link FailurePolicy}), an outage starts and is logged once; during the
 * outage operations do not touch Redis, except one probe per retry interval that finds out when
 * it is back (logged once too). {@link #failures()} counts the operations that went without Redis.
 *
 * <p>Keys are {@code sb:<prefix>:<kind>:<scope>...}, so several deployments (or tests) can share a
 * server. Thread-safe. Creating it does not connect: a replica starts even while Redis is down.
 */
public final class RedisConnection implements AutoCloseable {

    /** How often to probe Redis during an outage: every 500 ms. */
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofMillis(500);
    /** Connections kept per replica; each is busy for one round trip per operation. */
    public static final int DEFAULT_MAX_CONNECTIONS = 32;

    /** Connections opened ahead of the first request (in the background) and kept open when idle. */
    private static final int WARM_CONNECTIONS = 8;
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_.-]*");

    private final RedisSettings settings;
    private final String keyPrefix;
    private final Ticker ticker;
    private final RedisClient client;
    private final RedisHealth health;
    private final List<Runnable> recoveryListeners = new CopyOnWriteArrayList<>();

    /**
     * A connection with the default retry interval and pool size.
     *
     * @param keyPrefix namespace of every key, after {@code sb:}: letters, digits, {@code _.-};
     *     empty for none
     */
    public RedisConnection(RedisSettings settings, String keyPrefix) {
        this(settings, keyPrefix, Ticker.system(), DEFAULT_RETRY_INTERVAL, DEFAULT_MAX_CONNECTIONS);
    }

    /**
     * @param retryInterval how often to probe Redis during an outage
     * @param maxConnections most connections open at once; an operation waits up to the timeout for one
     */
    public RedisConnection(RedisSettings settings, String keyPrefix, Ticker ticker, Duration retryInterval,
                           int maxConnections) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        if (!PREFIX.matcher(keyPrefix).matches()) {
            throw new IllegalArgumentException("keyPrefix may only hold letters, digits, '_', '.' and '-': " + keyPrefix);
        }
        if (retryInterval.isNegative() || retryInterval.isZero()) {
            throw new IllegalArgumentException("retryInterval must be positive: " + retryInterval);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
        }
        this.keyPrefix = keyPrefix.isEmpty() ? "sb:" : "sb:" + keyPrefix + ":";
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.health = new RedisHealth(settings.endpoint(), settings.onFailure(), ticker, retryInterval.toNanos());
        int timeoutMillis = (int) Math.max(1, settings.timeout().toMillis());
        URI uri = settings.uri();
        DefaultJedisClientConfig connection = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis)
                .user(JedisURIHelper.getUser(uri))
                .password(JedisURIHelper.getPassword(uri))
                .database(JedisURIHelper.hasDbIndex(uri) ? JedisURIHelper.getDBIndex(uri) : 0)
                .ssl(JedisURIHelper.isRedisSSLScheme(uri))
                .clientName("switchboard")
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED) // Redis before 7.2 refuses it, costing a round trip
                .build();
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(maxConnections);
        pool.setMaxIdle(maxConnections);
        pool.setMinIdle(Math.min(WARM_CONNECTIONS, maxConnections));
        pool.setMaxWait(settings.timeout());
        pool.setBlockWhenExhausted(true);
        pool.setJmxEnabled(false);
        // a connection dropped while idle (by a proxy, a restart) is found in the background, not by a request
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(30));
        pool.setMinEvictableIdleDuration(Duration.ofMinutes(1));
        pool.setNumTestsPerEvictionRun(-1);
        this.client = RedisClient.builder()
                .hostAndPort(new HostAndPort(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379))
                .clientConfig(connection)
                .poolConfig(pool)
                .build();
        Thread.ofVirtual().name("switchboard-redis-warmup").start(() -> {
            try {
                client.getPool().preparePool();
            } catch (Exception e) {
                // Redis is down or this connection closed: the first operation finds out
            }
        });
    }

    public RedisSettings settings() {
        return settings;
    }

    /** False during an outage: Redis is not used until a probe reaches it again. */
    public boolean available() {
        return health.up();
    }

    /** Operations that went without Redis (it failed, timed out or was skipped during an outage). */
    public long failures() {
        return health.failures();
    }

    @Override
    public void close() {
        client.close();
    }

    /** A key in this connection's namespace: {@code sb:<prefix>:} and the parts joined with ':'. */
    String key(String... parts) {
        return keyPrefix + String.join(":", parts);
    }

    Ticker ticker() {
        return ticker;
    }

    /** Runs {@code listener} on the thread whose probe ends an outage; it must not block. */
    void onRecovery(Runnable listener) {
        recoveryListeners.add(listener);
    }

    /**
     * Runs a script on the server.
     *
     * @throws RedisUnavailableException if Redis could not be used; never anything else
     */
    Object eval(LuaScript script, List<String> keys, List<String> args) {
        RedisHealth.Attempt attempt = health.attempt();
        if (attempt == RedisHealth.Attempt.SKIP) {
            health.skipped();
            throw new RedisUnavailableException("Redis outage: not tried", null);
        }
        Object result;
        try {
            result = script.eval(client, keys, args);
        } catch (JedisDataException e) {
            health.failed(e); // the server answered, so it is reachable
            recovered(attempt);
            throw new RedisUnavailableException(script + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) { // connection refused or lost, timeouts, no pooled connection in time
            if (e.getCause() instanceof NoSuchElementException) {
                // every connection busy for the whole timeout: this replica is saturated, Redis may be fine
                health.skipped();
                throw new RedisUnavailableException("no Redis connection free within " + settings.timeout(), e);
            }
            if (health.unreachable(e)) {
                client.getPool().clear(); // idle connections are likely dead too
            }
            throw new RedisUnavailableException("Redis unreachable: " + e.getMessage(), e);
        }
        recovered(attempt);
        return result;
    }

    private void recovered(RedisHealth.Attempt attempt) {
        if (health.reachable(attempt)) {
            for (Runnable listener : recoveryListeners) {
                listener.run();
            }
        }
    }
}
