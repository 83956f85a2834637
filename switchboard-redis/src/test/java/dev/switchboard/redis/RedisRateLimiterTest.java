package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.limits.Admission;
import dev.switchboard.core.limits.LimitKind;
import dev.switchboard.core.limits.LimitSpec;
import dev.switchboard.core.limits.LimitState;
import dev.switchboard.core.limits.RateLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

/** Redis-only behaviour: replicas racing, key layout and expiry. */
@Timeout(30)
class RedisRateLimiterTest {

    private final String prefix = TestRedis.freshPrefix();
    private final RedisConnection connectionA = TestRedis.connect(prefix);
    private final RedisConnection connectionB = TestRedis.connect(prefix);

    @AfterEach
    void close() {
        connectionA.close();
        connectionB.close();
        TestRedis.deleteKeys(prefix);
    }

    @Test
    void releasesEndingTogetherAreSentTogetherAndEachFreesItsSlotAndCorrectsItsTokens() throws Exception {
        RedisRateLimiter limiter = new RedisRateLimiter(connectionA);
        List<LimitSpec> specs = List.of(new LimitSpec("key:burst", null, 1_000_000, 500),
                new LimitSpec("tenant:burst", null, null, 500));
        for (int i = 0; i < 300; i++) {
            assertThat(limiter.acquire(specs, 10, "lease-" + i).allowed()).isTrue();
        }
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String lease = "lease-" + i;
                done.add(threads.submit(() -> limiter.release(specs, lease, -10))); // give every estimate back
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        while (limiter.queued() > 0) { // queued: the flusher sends them within the release delay
            Thread.sleep(1);
        }
        try (Jedis jedis = TestRedis.raw(TestRedis.URL)) {
            assertThat(jedis.zcard("sb:" + prefix + ":leases:key:burst")).isZero();
            assertThat(jedis.zcard("sb:" + prefix + ":leases:tenant:burst")).isZero();
        }
        Admission next = limiter.acquire(specs, 0, "after");
        assertThat(next.allowed()).isTrue();
        assertThat(next.states()).filteredOn(state -> state.kind() == LimitKind.TOKENS)
                .singleElement().extracting(LimitState::remaining).isEqualTo(1_000_000L);
        assertThat(limiter.pendingReleases()).isZero();
    }

    @Test
    void twoReplicasUnderConcurrentLoadFromManyThreadsTogetherAdmitExactlyTheLimit() throws Exception {
        RateLimiter replicaA = new RedisRateLimiter(connectionA);
        RateLimiter replicaB = new RedisRateLimiter(connectionB);
        List<LimitSpec> specs = List.of(new LimitSpec("key:a", 1_000, null, null),
                new LimitSpec("tenant:t", 100, 1_000_000, 64));
        replicaA.acquire(List.of(new LimitSpec("key:warm-up", 1, null, null)), 0, "warm-up"); // load the script
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger degraded = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                RateLimiter replica = t % 2 == 0 ? replicaA : replicaB;
                int thread = t;
                done.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < 50; i++) {
                        String lease = thread + "-" + i;
                        Admission admission = replica.acquire(specs, 100, lease);
                        degraded.addAndGet(admission.degraded() ? 1 : 0);
                        if (admission.allowed()) {
                            admitted.incrementAndGet();
                            replica.release(specs, lease, 0);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            threads.shutdownNow();
            threads.awaitTermination(5, TimeUnit.SECONDS);
        }

        assertThat(degraded).hasValue(0);
        assertThat(admitted).hasValue(100);
        assertThat(connectionA.failures() + connectionB.failures()).isZero();
    }

    @Test
    void keysAreNamespacedUnderThePrefixAndExpireOnceTheScopeIsIdle() {
        RateLimiter limiter = new RedisRateLimiter(connectionA, Duration.ofMinutes(10));
        limiter.acquire(List.of(new LimitSpec("key:a", 10, 1_000, 2)), 100, "lease");

        try (Jedis jedis = TestRedis.raw(TestRedis.URL)) {
            assertThat(jedis.keys("sb:" + prefix + ":*")).containsExactlyInAnyOrder(
                    "sb:" + prefix + ":rate:key:a", "sb:" + prefix + ":leases:key:a");
            // drained after 6 s (1 of 10 RPM, 100 of 1 000 TPM), kept a second more
            assertThat(jedis.pttl("sb:" + prefix + ":rate:key:a")).isBetween(6_000L, 7_000L);
            // a lease TTL after the last lease, and at most a second more (the set's expiry is extended a second ahead)
            assertThat(jedis.pttl("sb:" + prefix + ":leases:key:a")).isBetween(590_000L, 601_000L);
            assertThat(jedis.zscore("sb:" + prefix + ":leases:key:a", "lease")).isNotNull();
        }
    }

    private String key(String kind) {
        return "sb:" + prefix + ":" + kind + ":key:a";
    }

    private static long pexpireTime(Jedis jedis, String key) {
        return (Long) jedis.eval("return redis.call('PEXPIRETIME', KEYS[1])", List.of(key), List.of());
    }

    @Test
    void keysRecordTheirExpiriesAndAnAcquireExtendsThemOnlyWhenTheDataWouldOutliveThem() {
        RateLimiter limiter = new RedisRateLimiter(connectionA, Duration.ofMinutes(10));
        List<LimitSpec> specs = List.of(new LimitSpec("key:a", 10, 1_000, 5));
        limiter.acquire(specs, 100, "first");
        long later;
        try (Jedis jedis = TestRedis.raw(TestRedis.URL)) {
            assertThat(Long.parseLong(jedis.hget(key("rate"), "x"))).isEqualTo(pexpireTime(jedis, key("rate")));
            assertThat(Long.parseLong(jedis.hget(key("rate"), "lx"))).isEqualTo(pexpireTime(jedis, key("leases")));
            later = pexpireTime(jedis, key("leases")) + 3_600_000;
            for (String kind : List.of("rate", "leases")) {
                jedis.pexpireAt(key(kind), later);
            }
            jedis.hset(key("rate"), java.util.Map.of("x", Long.toString(later), "lx", Long.toString(later)));
        }

        limiter.acquire(specs, 100, "second");
        try (Jedis jedis = TestRedis.raw(TestRedis.URL)) {
            assertThat(pexpireTime(jedis, key("rate"))).as("long enough: left alone").isEqualTo(later);
            assertThat(pexpireTime(jedis, key("leases"))).as("long enough: left alone").isEqualTo(later);
            jedis.hset(key("rate"), java.util.Map.of("x", "1", "lx", "1")); // too soon by the record
        }

        limiter.acquire(specs, 100, "third");
        try (Jedis jedis = TestRedis.raw(TestRedis.URL)) {
            // 3 of 10 RPM and 300 of 1 000 TPM drain in 18 s; kept a second more
            assertThat(jedis.pttl(key("rate"))).isBetween(17_000L, 19_000L);
            assertThat(jedis.pttl(key("leases"))).isBetween(590_000L, 601_000L);
            assertThat(Long.parseLong(jedis.hget(key("rate"), "x"))).isEqualTo(pexpireTime(jedis, key("rate")));
            assertThat(Long.parseLong(jedis.hget(key("rate"), "lx"))).isEqualTo(pexpireTime(jedis, key("leases")));
        }
    }

    @Test
    void leaseSetEmptiedAndMadeAgainGetsAnExpiryWhateverItsRecordedOneSays() {
        RedisRateLimiter limiter = new RedisRateLimiter(connectionA, Duration.ofMinutes(10), Duration.ZERO);
        List<LimitSpec> specs = List.of(new LimitSpec("key:a", null, 1_000, 5));
        limiter.acquire(specs, 10, "first");
        limiter.release(specs, "first", 0);
        long later;
        try (Jedis jedis = TestRedis.raw(TestRedis.URL)) {
            assertThat(jedis.exists(key("leases"))).as("its last lease gone, the set is gone").isFalse();
            later = pexpireTime(jedis, key("rate")) + 3_600_000;
            jedis.hset(key("rate"), "lx", Long.toString(later));
        }

        limiter.acquire(specs, 10, "second");

        try (Jedis jedis = TestRedis.raw(TestRedis.URL)) {
            assertThat(pexpireTime(jedis, key("leases"))).isEqualTo(later);
        }
    }

    @Test
    void expiredLeasesCountForNothingAndArePrunedWhenTheSetsExpiryIsExtended() {
        RedisRateLimiter limiter = new RedisRateLimiter(connectionA);
        List<LimitSpec> specs = List.of(new LimitSpec("key:a", null, null, 2));
        try (Jedis jedis = TestRedis.raw(TestRedis.URL)) {
            jedis.zadd(key("leases"), 1, "crashed-long-ago"); // a lease of a replica that died, long expired
        }
        assertThat(limiter.acquire(specs, 0, "a").states().get(0).remaining()).isEqualTo(1);
        try (Jedis jedis = TestRedis.raw(TestRedis.URL)) {
            assertThat(jedis.zrange(key("leases"), 0, -1)).as("pruned: the set's expiry was set").containsExactly("a");
            jedis.zadd(key("leases"), 1, "crashed-too");
            jedis.hset(key("rate"), "lx", Long.toString(pexpireTime(jedis, key("leases")) + 3_600_000));
        }

        Admission b = limiter.acquire(specs, 0, "b");

        assertThat(b.allowed()).isTrue();
        assertThat(b.states().get(0).remaining()).isZero();
        try (Jedis jedis = TestRedis.raw(TestRedis.URL)) {
            assertThat(jedis.zrange(key("leases"), 0, -1)).as("kept: the expiry needed no extension")
                    .containsExactlyInAnyOrder("crashed-too", "a", "b");
            jedis.hset(key("rate"), "lx", "1");
        }
        assertThat(limiter.acquire(specs, 0, "b").allowed()).as("b holds its slot already").isTrue();
        try (Jedis jedis = TestRedis.raw(TestRedis.URL)) {
            assertThat(jedis.zrange(key("leases"), 0, -1)).containsExactlyInAnyOrder("a", "b");
        }
    }

    @Test
    void releaseThatFailedWithoutAnOutageIsSentAgainAfterTheNextCallThatSucceeds() throws Exception {
        RedisRateLimiter limiter = new RedisRateLimiter(connectionA, Duration.ofMinutes(10), Duration.ZERO);
        List<LimitSpec> specs = List.of(new LimitSpec("key:a", null, null, 1));
        limiter.acquire(specs, 0, "held");
        try (Jedis jedis = TestRedis.raw(TestRedis.URL)) {
            jedis.rename(key("leases"), key("parked"));
            jedis.set(key("leases"), "not a sorted set"); // the script fails on it: an error answer, no outage
        }
        limiter.release(specs, "held", 0);
        assertThat(limiter.pendingReleases()).isEqualTo(1);
        assertThat(connectionA.available()).isTrue();
        try (Jedis jedis = TestRedis.raw(TestRedis.URL)) {
            jedis.rename(key("parked"), key("leases"));
        }

        assertThat(limiter.acquire(List.of(new LimitSpec("key:b", null, null, 1)), 0, "other").degraded()).isFalse();

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (limiter.pendingReleases() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(limiter.pendingReleases()).isZero();
        assertThat(limiter.acquire(specs, 0, "next").allowed()).as("the slot of the release sent again").isTrue();
    }

    @Test
    void requestWithoutLimitsIsAllowedWithoutTouchingRedis() {
        try (RedisConnection nowhere = TestRedis.connect("redis://127.0.0.1:1", prefix, Duration.ofMillis(100),
                FailurePolicy.REJECT)) {
            RedisRateLimiter limiter = new RedisRateLimiter(nowhere);

            Admission admission = limiter.acquire(List.of(new LimitSpec("key:a", null, null, null)), 10, "lease");
            limiter.release(List.of(new LimitSpec("key:a", null, null, null)), "lease", 5);

            assertThat(admission).isEqualTo(Admission.allowed(List.of()));
            assertThat(limiter.failures()).isZero();
        }
    }
}
