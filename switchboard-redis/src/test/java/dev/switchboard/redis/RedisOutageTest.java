package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.limits.Admission;
import dev.switchboard.core.limits.BudgetPeriod;
import dev.switchboard.core.limits.BudgetSpec;
import dev.switchboard.core.limits.LimitSpec;
import dev.switchboard.core.limits.LimitsUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

/**
 * Outages against a {@code redis-server} of the test's own, killed (a crash: connections refused)
 * or paused (a hang: commands time out) mid-test and brought back. Asserts on decisions, flags and
 * counters, never on elapsed time; the JUnit timeout catches a limiter that hangs.
 */
@Timeout(30)
class RedisOutageTest {

    private static final Duration TIMEOUT = Duration.ofMillis(200);
    private static final BudgetSpec DAILY = new BudgetSpec("tenant:t", 1_000_000_000L, BudgetPeriod.DAY);

    private final String prefix = TestRedis.freshPrefix();
    private RedisServerProcess server;
    private RedisConnection connection;

    @BeforeEach
    void startServer() throws Exception {
        server = new RedisServerProcess().start();
    }

    @AfterEach
    void stopServer() throws Exception {
        if (connection != null) {
            connection.close();
        }
        server.close();
    }

    private RedisConnection connect(FailurePolicy policy) {
        connection = TestRedis.connect(server.url(), prefix, TIMEOUT, policy);
        return connection;
    }

    private static List<Admission> acquire(RedisRateLimiter limiter, int count, LimitSpec spec) {
        List<Admission> admissions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            admissions.add(limiter.acquire(List.of(spec), 1, "lease-" + spec.scope() + "-" + i));
        }
        return admissions;
    }

    /** Polls until {@code condition} holds, for at most 10 s; false if it never did. */
    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(25);
        }
        return false;
    }

    @Test
    void localPolicyDecidesWithThisReplicasOwnLimitsWhileRedisIsDownAndSharedOnesWhenItIsBack() throws Exception {
        RedisRateLimiter limiter = new RedisRateLimiter(connect(FailurePolicy.LOCAL));
        LimitSpec key = new LimitSpec("key:a", 3, null, null);
        assertThat(acquire(limiter, 1, key).get(0).degraded()).isFalse();

        server.kill();
        List<Admission> duringOutage = acquire(limiter, 10, key);

        assertThat(duringOutage).allMatch(Admission::degraded);
        assertThat(duringOutage).filteredOn(Admission::allowed).hasSize(3); // a fresh local count
        assertThat(duringOutage.get(9).rejected().scope()).isEqualTo("key:a");
        assertThat(limiter.failures()).isEqualTo(10);
        assertThat(connection.available()).isFalse();

        server.start();
        LimitSpec probe = new LimitSpec("key:probe", 100_000, null, null);
        assertThat(eventually(() -> !limiter.acquire(List.of(probe), 0, "probe").degraded())).isTrue();
        assertThat(connection.available()).isTrue();
        List<Admission> afterOutage = acquire(limiter, 5, key); // the restarted server lost its counts
        assertThat(afterOutage).noneMatch(Admission::degraded);
        assertThat(afterOutage).filteredOn(Admission::allowed).hasSize(3);
    }

    @Test
    void rejectPolicyRefusesWithDegradedRejectionsAndBudgetErrorsWhileRedisIsDown() throws Exception {
        RedisConnection redis = connect(FailurePolicy.REJECT);
        RedisRateLimiter limiter = new RedisRateLimiter(redis);
        RedisBudgetLedger ledger = new RedisBudgetLedger(redis);
        Instant now = Instant.now();
        LimitSpec key = new LimitSpec("key:a", 100, 10_000, 5);
        assertThat(acquire(limiter, 1, key).get(0).allowed()).isTrue();
        assertThat(ledger.add(DAILY, now, 10, () -> 0)).isEqualTo(10);

        server.kill();
        List<Admission> duringOutage = acquire(limiter, 5, key);

        assertThat(duringOutage).allSatisfy(admission -> {
            assertThat(admission.allowed()).isFalse();
            assertThat(admission.degraded()).isTrue();
            assertThat(admission.rejected()).isNull();
            assertThat(admission.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        });
        assertThatThrownBy(() -> ledger.spent(DAILY, now, () -> 0))
                .isInstanceOf(LimitsUnavailableException.class)
                .satisfies(e -> assertThat(((LimitsUnavailableException) e).error().status()).isEqualTo(503));
        assertThatThrownBy(() -> ledger.add(DAILY, now, 5, () -> 0)).isInstanceOf(LimitsUnavailableException.class);
        assertThat(redis.failures()).isEqualTo(7);

        server.start();
        assertThat(eventually(() -> limiter.acquire(List.of(key), 1, "after").allowed())).isTrue();
        assertThat(eventually(() -> ledger.pendingAdditions() == 0)).isTrue();
        // the restarted server lost the counter, so the amount kept was not added to a missing one; the
        // counter starts again from the store's record, which has both amounts
        assertThat(ledger.spent(DAILY, now, () -> 15)).isEqualTo(15);
    }

    @Test
    void chargeDuringAnOutageIsCountedLocallyAndAddedToRedisWhenItIsBack() throws Exception {
        RedisBudgetLedger ledger = new RedisBudgetLedger(connect(FailurePolicy.LOCAL));
        Instant now = Instant.now();
        assertThat(ledger.add(DAILY, now, 100, () -> 1_000)).isEqualTo(1_100);
        server.kill();

        CompletableFuture<long[]> counted = new CompletableFuture<>();
        ledger.charge(List.of(DAILY), now, 50, budget -> 1_100, counted::complete);

        assertThat(counted.get(10, TimeUnit.SECONDS)).as("counted locally, from the recorded spend").containsExactly(1_150);
        assertThat(ledger.pendingAdditions()).isEqualTo(1);
        server.start(); // empty: the counter starts again from the recorded spend, which holds the charge
        // a read notices Redis is back, and the kept amount is sent then
        assertThat(eventually(() -> ledger.spent(DAILY, now, () -> 1_150) >= 0 && ledger.pendingAdditions() == 0))
                .as("the kept amount was sent").isTrue();
    }

    @Test
    void budgetLedgerCountsLocallyFromTheRecordedSpendWhileRedisIsDown() throws Exception {
        RedisBudgetLedger ledger = new RedisBudgetLedger(connect(FailurePolicy.LOCAL));
        Instant now = Instant.now();
        assertThat(ledger.add(DAILY, now, 100, () -> 1_000)).isEqualTo(1_100);

        server.kill();

        assertThat(ledger.add(DAILY, now, 50, () -> 1_100)).isEqualTo(1_150);
        assertThat(ledger.spent(DAILY, now, () -> 0)).isEqualTo(1_150);
        assertThat(ledger.failures()).isEqualTo(2);
    }

    @Test
    void hangingRedisTimesOutAndAReleaseMadeMeanwhileFreesTheSlotWhenItIsBack() throws Exception {
        RedisRateLimiter limiter = new RedisRateLimiter(connect(FailurePolicy.LOCAL));
        List<LimitSpec> key = List.of(new LimitSpec("key:a", null, null, 1));
        assertThat(limiter.acquire(key, 0, "before").degraded()).isFalse();
        try (Jedis admin = TestRedis.raw(server.url())) {
            admin.sendCommand(() -> "CLIENT".getBytes(), "PAUSE", "1500", "ALL");
        }

        limiter.release(key, "before", 0); // times out
        Admission meanwhile = limiter.acquire(key, 0, "meanwhile");

        assertThat(meanwhile.degraded()).isTrue();
        assertThat(meanwhile.allowed()).isTrue(); // the local count has nobody in flight
        limiter.release(key, "meanwhile", 0);
        assertThat(connection.available()).isFalse();
        // back after the pause; the slot taken before is free again in Redis
        assertThat(eventually(() -> {
            Admission after = limiter.acquire(key, 0, "after");
            return !after.degraded() && after.allowed();
        })).isTrue();
        assertThat(eventually(() -> limiter.pendingReleases() == 0)).isTrue();
    }

    @Test
    void releaseQueuedOnACallThatFailsIsKeptAndSentWhenRedisIsBack() throws Exception {
        RedisRateLimiter limiter = new RedisRateLimiter(connect(FailurePolicy.LOCAL), Duration.ofMinutes(10),
                Duration.ofHours(1));
        List<LimitSpec> key = List.of(new LimitSpec("key:a", null, null, 1));
        assertThat(limiter.acquire(key, 0, "before").degraded()).isFalse();
        CompletableFuture<Void> release = CompletableFuture.runAsync(() -> limiter.release(key, "before", 0),
                task -> Thread.ofVirtual().start(task));
        assertThat(eventually(() -> limiter.queued() == 1)).isTrue();

        server.kill();
        Admission carrier = limiter.acquire(List.of(new LimitSpec("key:b", null, null, 1)), 0, "other");
        release.get(); // its call failed, and it returned: an hour's wait would time the test out

        assertThat(carrier.degraded()).isTrue();
        assertThat(limiter.pendingReleases()).isEqualTo(1);
        server.start();
        LimitSpec probe = new LimitSpec("key:probe", 100_000, null, null);
        assertThat(eventually(() -> !limiter.acquire(List.of(probe), 0, "probe").degraded())).isTrue();
        assertThat(eventually(() -> limiter.pendingReleases() == 0)).isTrue();
    }

    @Test
    void scriptsAreLoadedAgainWhenTheServerHasForgottenThem() {
        RedisRateLimiter limiter = new RedisRateLimiter(connect(FailurePolicy.REJECT));
        LimitSpec key = new LimitSpec("key:a", 2, null, null);
        assertThat(limiter.acquire(List.of(key), 0, "a").allowed()).isTrue();
        try (Jedis admin = TestRedis.raw(server.url())) {
            admin.scriptFlush();
        }

        assertThat(limiter.acquire(List.of(key), 0, "b").allowed()).isTrue();
        assertThat(limiter.acquire(List.of(key), 0, "c").allowed()).isFalse();
        assertThat(limiter.failures()).isZero();
    }
}
