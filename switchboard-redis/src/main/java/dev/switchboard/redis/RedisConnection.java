package dev.switchboard.redis;

import dev.switchboard.core.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * The connection to one Redis server, shared by the Redis-backed limiter and ledger of a replica
 * (one pipelined connection, see {@link RespClient}), with the key namespace they write in and the
 * server's health.
 *
 * <p>Every operation is bounded by {@link RedisSettings#timeout()}, connecting included. When Redis cannot be reached the operation fails fast
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
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_.-]*");

    private final RedisSettings settings;
    private final String keyPrefix;
    private final Ticker ticker;
    private final RespClient client;
    private final RedisHealth health;
    private final List<Runnable> recoveryListeners = new CopyOnWriteArrayList<>();

    /**
     * A connection with the default retry interval.
     *
     * @param keyPrefix namespace of every key, after {@code sb:}: letters, digits, {@code _.-};
     *     empty for none
     */
    public RedisConnection(RedisSettings settings, String keyPrefix) {
        this(settings, keyPrefix, Ticker.system(), DEFAULT_RETRY_INTERVAL);
    }

    /**
     * @param retryInterval how often to probe Redis during an outage
     */
    public RedisConnection(RedisSettings settings, String keyPrefix, Ticker ticker, Duration retryInterval) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        if (!PREFIX.matcher(keyPrefix).matches()) {
            throw new IllegalArgumentException("keyPrefix may only hold letters, digits, '_', '.' and '-': " + keyPrefix);
        }
        if (retryInterval.isNegative() || retryInterval.isZero()) {
            throw new IllegalArgumentException("retryInterval must be positive: " + retryInterval);
        }
        this.keyPrefix = keyPrefix.isEmpty() ? "sb:" : "sb:" + keyPrefix + ":";
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.health = new RedisHealth(settings.endpoint(), settings.onFailure(), ticker, retryInterval.toNanos());
        this.client = new RespClient(settings.uri(), settings.timeout(), "switchboard");
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
        } catch (RespClient.ServerError e) {
            health.failed(e); // the server answered, so it is reachable
            recovered(attempt);
            throw new RedisUnavailableException(script + " failed: " + e.getMessage(), e);
        } catch (RespClient.SlowReply e) { // this one operation goes without Redis; it is not an outage
            health.skipped();
            throw new RedisUnavailableException("Redis answered too slowly: " + e.getMessage(), e);
        } catch (RuntimeException e) { // connection refused or lost, timeouts
            health.unreachable(e);
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
