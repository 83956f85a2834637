package dev.switchboard.redis;

import dev.switchboard.core.limits.InMemoryRateLimiter;
import dev.switchboard.core.limits.LimitSpec;
import dev.switchboard.core.limits.RateLimiter;
import dev.switchboard.core.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A quick loop measuring acquire + release pairs per second, in memory and on Redis; prints numbers
 * and asserts nothing (not a test, and no substitute for a JMH benchmark in switchboard-bench). Run:
 * {@code java -cp <test classpath> dev.switchboard.redis.LimiterThroughput [redis-url]}.
 */
public final class LimiterThroughput {

    private static final int KEYS = 64;

    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : TestRedis.URL;
        InMemoryRateLimiter memory = new InMemoryRateLimiter(Ticker.system());
        run("in-memory", memory, 1, 2_000_000);
        run("in-memory", memory, 2, 2_000_000);
        run("in-memory", memory, 8, 2_000_000);
        String prefix = TestRedis.freshPrefix();
        try (RedisConnection connection = TestRedis.connect(url, prefix, Duration.ofSeconds(1), FailurePolicy.LOCAL)) {
            RedisRateLimiter redis = new RedisRateLimiter(connection);
            run("redis", redis, 1, 20_000);
            run("redis", redis, 2, 40_000);
            run("redis", redis, 8, 60_000);
            run("redis", redis, 32, 60_000);
            System.out.println("redis failures: " + connection.failures());
        } finally {
            TestRedis.deleteKeys(prefix);
        }
    }

    /** Warms up with half of {@code pairs}, then times {@code pairs} spread over {@code threads} threads. */
    private static void run(String name, RateLimiter limiter, int threads, int pairs) throws Exception {
        loop(limiter, threads, pairs / 2);
        long start = System.nanoTime();
        loop(limiter, threads, pairs);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%-10s threads=%-3d pairs=%-8d %,12.0f acquire+release/s  %,8.1f us/pair/thread%n",
                name, threads, pairs, pairs / seconds, seconds * 1e6 * threads / pairs);
    }

    private static void loop(RateLimiter limiter, int threads, int pairs) throws Exception {
        LimitSpec tenant = new LimitSpec("tenant:bench", Integer.MAX_VALUE, Integer.MAX_VALUE, 100_000);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < pairs / threads; i++) {
                        List<LimitSpec> specs = List.of(
                                new LimitSpec("key:" + (i + thread) % KEYS, Integer.MAX_VALUE, Integer.MAX_VALUE, 1_000),
                                tenant);
                        String lease = thread + ":" + i;
                        if (!limiter.acquire(specs, 100, lease).allowed()) {
                            throw new IllegalStateException("limits in the benchmark must never refuse");
                        }
                        limiter.release(specs, lease, 10);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private LimiterThroughput() {
    }
}
