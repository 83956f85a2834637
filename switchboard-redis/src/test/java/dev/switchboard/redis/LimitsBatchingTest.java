package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.switchboard.core.limits.Admission;
import dev.switchboard.core.limits.BudgetPeriod;
import dev.switchboard.core.limits.BudgetSpec;
import dev.switchboard.core.limits.LimitKind;
import dev.switchboard.core.limits.LimitSpec;
import dev.switchboard.core.limits.LimitState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

/**
 * Releases and budget charges ride along with other calls. A delay of an hour makes "carried by
 * another call" the only way a release or charge can reach Redis within the test's timeout, so
 * these tests need no timing: a release or charge that was not carried leaves its caller waiting
 * and the test times out.
 */
@Timeout(30)
class LimitsBatchingTest {

    private static final Duration NEVER = Duration.ofHours(1);
    private static final List<LimitSpec> ONE_AT_A_TIME = List.of(new LimitSpec("key:a", null, 1_000, 1));

    private final String prefix = TestRedis.freshPrefix();
    private final RedisConnection connection = TestRedis.connect(prefix);

    @AfterEach
    void close() {
        connection.close();
        TestRedis.deleteKeys(prefix);
    }

    private String key(String kind, String scope) {
        return "sb:" + prefix + ":" + kind + ":" + scope;
    }

    /** Runs {@code call} on a thread of its own; the future ends when the call returns. */
    private static CompletableFuture<Void> inBackground(Runnable call) {
        return CompletableFuture.runAsync(call, task -> Thread.ofVirtual().start(task));
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            Thread.sleep(5);
        }
    }

    @Test
    void releaseRidesAlongWithTheNextAcquireAndCountsBeforeIt() throws Exception {
        RedisRateLimiter limiter = new RedisRateLimiter(connection, Duration.ofMinutes(10), NEVER);
        assertThat(limiter.acquire(ONE_AT_A_TIME, 600, "first").allowed()).isTrue();

        limiter.release(ONE_AT_A_TIME, "first", -600); // returns at once, queued
        assertThat(limiter.queued()).isEqualTo(1);
        Admission second = limiter.acquire(ONE_AT_A_TIME, 100, "second");

        assertThat(limiter.queued()).as("carried by the acquire, long before its hour").isZero();
        assertThat(second.allowed()).as("the slot freed by the release queued before").isTrue();
        assertThat(second.states()).extracting(LimitState::remaining).containsExactly(900L, 0L);
        try (Jedis jedis = TestRedis.raw(TestRedis.URL)) {
            assertThat(jedis.zrange(key("leases", "key:a"), 0, -1)).containsExactly("second");
        }
    }

    @Test
    void releaseNobodyCarriesIsSentByTheFlusherAfterTheDelay() throws Exception {
        RedisRateLimiter limiter = new RedisRateLimiter(connection, Duration.ofMinutes(10), Duration.ofMillis(20));
        limiter.acquire(ONE_AT_A_TIME, 0, "only");

        limiter.release(ONE_AT_A_TIME, "only", 0);
        awaitTrue(() -> limiter.queued() == 0);

        try (Jedis jedis = TestRedis.raw(TestRedis.URL)) {
            assertThat(jedis.exists(key("leases", "key:a"))).as("its last lease gone, the set is gone").isFalse();
        }
        assertThat(limiter.acquire(ONE_AT_A_TIME, 0, "next").allowed()).isTrue();
    }

    @Test
    void closingSendsTheReleasesStillQueuedAndLaterOnesGoAtOnce() throws Exception {
        RedisRateLimiter limiter = new RedisRateLimiter(connection, Duration.ofMinutes(10), NEVER);
        limiter.acquire(ONE_AT_A_TIME, 0, "a");
        limiter.acquire(List.of(new LimitSpec("key:b", null, null, 1)), 0, "b");
        CompletableFuture<Void> release = inBackground(() -> limiter.release(ONE_AT_A_TIME, "a", 0));
        awaitTrue(() -> limiter.queued() == 1);

        limiter.close();
        release.get();
        limiter.release(List.of(new LimitSpec("key:b", null, null, 1)), "b", 0); // would wait an hour if queued

        try (Jedis jedis = TestRedis.raw(TestRedis.URL)) {
            assertThat(jedis.exists(key("leases", "key:a"), key("leases", "key:b"))).isZero();
        }
    }

    @Test
    void releasesOfManyThreadsShareOneCallWithAnAcquire() throws Exception {
        RedisRateLimiter limiter = new RedisRateLimiter(connection, Duration.ofMinutes(10), NEVER);
        List<LimitSpec> specs = List.of(new LimitSpec("key:a", null, 1_000, 20), new LimitSpec("tenant:t", null, null, 20));
        for (int i = 0; i < 20; i++) {
            assertThat(limiter.acquire(specs, 50, "lease-" + i).allowed()).isTrue();
        }
        assertThat(limiter.acquire(specs, 0, "full").rejected().kind()).isEqualTo(LimitKind.CONCURRENT);
        List<CompletableFuture<Void>> releases = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String lease = "lease-" + i;
            releases.add(inBackground(() -> limiter.release(specs, lease, -50)));
        }
        awaitTrue(() -> limiter.queued() == 20);

        Admission after = limiter.acquire(specs, 0, "after");

        CompletableFuture.allOf(releases.toArray(CompletableFuture[]::new)).get();
        assertThat(after.allowed()).isTrue();
        assertThat(after.states()).extracting(LimitState::kind, LimitState::remaining).containsExactly(
                tuple(LimitKind.TOKENS, 1_000L),
                tuple(LimitKind.CONCURRENT, 19L),
                tuple(LimitKind.CONCURRENT, 19L));
    }

    @Test
    void chargeRidesAlongWithAReadThatSeesIt() throws Exception {
        RedisBudgetLedger ledger = new RedisBudgetLedger(connection, Duration.ZERO, NEVER);
        BudgetSpec daily = new BudgetSpec("tenant:t", 1_000_000, BudgetPeriod.DAY);
        Instant now = Instant.now();
        assertThat(ledger.spent(daily, now, () -> 100)).isEqualTo(100);

        CompletableFuture<Long> charge = CompletableFuture.supplyAsync(() -> ledger.add(daily, now, 40, () -> 0),
                task -> Thread.ofVirtual().start(task));
        awaitTrue(() -> ledger.queued() == 1);
        long read = ledger.spent(daily, now, () -> 0);

        assertThat(charge.get()).as("the total right after its own charge").isEqualTo(140);
        assertThat(read).as("the read went after the charge queued before it").isEqualTo(140);
    }

    @Test
    void closingTheLedgerSendsTheChargesStillQueued() throws Exception {
        RedisBudgetLedger ledger = new RedisBudgetLedger(connection, Duration.ZERO, NEVER);
        BudgetSpec daily = new BudgetSpec("tenant:t", 1_000_000, BudgetPeriod.DAY);
        Instant now = Instant.now();
        CompletableFuture<Long> charge = CompletableFuture.supplyAsync(() -> ledger.add(daily, now, 40, () -> 7),
                task -> Thread.ofVirtual().start(task));
        awaitTrue(() -> ledger.queued() == 1);

        ledger.close();

        assertThat(charge.get()).isEqualTo(47);
        assertThat(new RedisBudgetLedger(connection, Duration.ZERO).spent(daily, now, () -> 0)).isEqualTo(47);
    }

    @Test
    void chargeReturnsAtOnceAndIsCountedWithTheReadThatCarriesIt() throws Exception {
        RedisBudgetLedger ledger = new RedisBudgetLedger(connection, Duration.ZERO, NEVER);
        BudgetSpec daily = new BudgetSpec("tenant:t", 1_000_000, BudgetPeriod.DAY);
        Instant now = Instant.now();
        assertThat(ledger.spent(daily, now, () -> 100)).isEqualTo(100);

        CompletableFuture<long[]> counted = new CompletableFuture<>();
        ledger.charge(List.of(daily), now, 40, budget -> 0, counted::complete);
        assertThat(ledger.queued()).isEqualTo(1);
        assertThat(counted).isNotDone();
        long read = ledger.spent(daily, now, () -> 0);

        assertThat(counted.get()).as("the total right after its own charge").containsExactly(140);
        assertThat(read).isEqualTo(140);
    }

    @Test
    void chargeNobodyCarriesIsSentByTheFlusherAndSeedsACounterRedisLacks() throws Exception {
        RedisBudgetLedger ledger = new RedisBudgetLedger(connection, Duration.ZERO, Duration.ofMillis(20));
        BudgetSpec daily = new BudgetSpec("tenant:t", 1_000_000, BudgetPeriod.DAY);
        BudgetSpec monthly = new BudgetSpec("tenant:t", 5_000_000, BudgetPeriod.MONTH);
        Instant now = Instant.now();

        CompletableFuture<long[]> counted = new CompletableFuture<>();
        ledger.charge(List.of(daily, monthly), now, 40, budget -> budget == daily ? 7 : 1_000, counted::complete);

        assertThat(counted.get()).as("each counter seeded from the recorded spend, then charged").containsExactly(47, 1_040);
        assertThat(ledger.spent(List.of(daily, monthly), now, budget -> 0)).containsExactly(47, 1_040);
    }

    @Test
    void closingTheLedgerSendsTheDeferredCharges() throws Exception {
        RedisBudgetLedger ledger = new RedisBudgetLedger(connection, Duration.ZERO, NEVER);
        BudgetSpec daily = new BudgetSpec("tenant:t", 1_000_000, BudgetPeriod.DAY);
        Instant now = Instant.now();
        CompletableFuture<long[]> counted = new CompletableFuture<>();
        ledger.charge(List.of(daily), now, 40, budget -> 7, counted::complete);

        ledger.close();

        assertThat(counted.get()).containsExactly(47);
        assertThat(new RedisBudgetLedger(connection, Duration.ZERO).spent(daily, now, () -> 0)).isEqualTo(47);
    }
}
