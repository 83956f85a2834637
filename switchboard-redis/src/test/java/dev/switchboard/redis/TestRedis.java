package dev.switchboard.redis;

import dev.switchboard.core.time.Ticker;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The Redis tests run against: {@code SWITCHBOARD_TEST_REDIS_URL}, by default the local server.
 * Each test writes under a fresh key prefix and deletes its keys afterwards, so tests never see
 * each other's counters.
 */
final class TestRedis {

    static final String URL = System.getenv().getOrDefault("SWITCHBOARD_TEST_REDIS_URL", "redis://127.0.0.1:6379");
    /** Generous, so a slow CI machine never turns a healthy test into an outage. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private TestRedis() {
    }

    static String freshPrefix() {
        return "test-" + UUID.randomUUID().toString().substring(0, 12);
    }

    static RedisConnection connect(String url, String prefix, Duration timeout, FailurePolicy policy) {
        return new RedisConnection(new RedisSettings(url, timeout, policy), prefix, Ticker.system(),
                Duration.ofMillis(100));
    }

    static RedisConnection connect(String prefix) {
        return connect(URL, prefix, TIMEOUT, FailurePolicy.LOCAL);
    }

    static Jedis raw(String url) {
        return new Jedis(URI.create(url), 2_000);
    }

    /** Deletes every key under {@code sb:<prefix>:}. */
    static void deleteKeys(String prefix) {
        try (Jedis jedis = raw(URL)) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = jedis.scan(cursor, new ScanParams().match("sb:" + prefix + ":*").count(500));
                List<String> keys = page.getResult();
                if (!keys.isEmpty()) {
                    jedis.del(keys.toArray(String[]::new));
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
    }
}
