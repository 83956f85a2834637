package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.limits.BudgetLedger;
import dev.switchboard.core.limits.BudgetPeriod;
import dev.switchboard.core.limits.BudgetSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

@Timeout(30)
class RedisBudgetLedgerTest {

    private static final BudgetSpec DAILY = new BudgetSpec("tenant:t", 5_000_000_000L, BudgetPeriod.DAY);

    private final String prefix = TestRedis.freshPrefix();
    private final RedisConnection connectionA = TestRedis.connect(prefix);
    private final RedisConnection connectionB = TestRedis.connect(prefix);
    // exact: every read goes to Redis (snapshots are tested on their own)
    private final BudgetLedger ledgerA = new RedisBudgetLedger(connectionA, Duration.ZERO);
    private final BudgetLedger ledgerB = new RedisBudgetLedger(connectionB, Duration.ZERO);
    private final AtomicInteger reads = new AtomicInteger();
    // the period of a real day, so its counter outlives the test by a day or two, not less
    private final Instant today = Instant.now();

    @AfterEach
    void close() {
        connectionA.close();
        connectionB.close();
        TestRedis.deleteKeys(prefix);
    }

    private LongSupplier recorded(long nanos) {
        return () -> {
            reads.incrementAndGet();
            return nanos;
        };
    }

    private String key(BudgetSpec budget, Instant now) {
        return "sb:" + prefix + ":budget:" + budget.scope() + ":" + budget.period().label() + ":"
                + budget.period().start(now).getEpochSecond();
    }

    @Test
    void periodStartsFromTheRecordedSpendOnceThenEveryReplicaAddsToIt() {
        assertThat(ledgerA.spent(DAILY, today, recorded(500))).isEqualTo(500);
        assertThat(ledgerB.add(DAILY, today, 100, recorded(999))).isEqualTo(600);
        assertThat(ledgerA.add(DAILY, today, -50, recorded(999))).isEqualTo(550);
        assertThat(ledgerB.spent(DAILY, today, recorded(999))).isEqualTo(550);

        assertThat(reads).hasValue(1);
    }

    @Test
    void readsFarFromTheLimitAreServedFromASecondOldViewAndReadsNearItGoToRedis() {
        BudgetLedger viewing = new RedisBudgetLedger(connectionB);
        BudgetSpec small = new BudgetSpec("key:small", 1_000, BudgetPeriod.DAY);
        assertThat(viewing.spent(List.of(DAILY, small), today, budget -> 0)).containsExactly(0, 0);

        ledgerA.add(List.of(DAILY, small), today, 950, budget -> 0); // another replica spends

        assertThat(viewing.spent(DAILY, today, recorded(0))).as("far from the limit: the view").isEqualTo(0);
        assertThat(viewing.spent(small, today, recorded(0))).as("a young view below 90% of the budget").isEqualTo(0);
        viewing.add(small, today, 10, recorded(0)); // its own charge brings the view to 960: over 90%
        ledgerA.add(small, today, 30, recorded(0));
        assertThat(viewing.spent(small, today, recorded(0))).as("near the limit: exact").isEqualTo(990);
    }

    @Test
    void chargesMadeAtTheSameMomentShareCallsYetEachSeesTheTotalRightAfterItsOwn() throws Exception {
        BudgetSpec monthly = new BudgetSpec("key:busy", 9_000_000_000L, BudgetPeriod.MONTH);
        ledgerA.add(List.of(DAILY, monthly), today, 0, budget -> 0); // both periods started
        List<Future<long[]>> charges = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 400; i++) {
                charges.add(threads.submit(() -> ledgerA.add(List.of(DAILY, monthly), today, 1, budget -> 0)));
            }
        }
        Set<Long> dailyTotals = new HashSet<>();
        for (Future<long[]> charge : charges) {
            long[] totals = charge.get();
            dailyTotals.add(totals[0]);
            assertThat(totals[1]).isBetween(1L, 400L);
        }
        assertThat(dailyTotals).as("every charge saw its own total").hasSize(400);
        assertThat(ledgerB.spent(List.of(DAILY, monthly), today, budget -> 0)).containsExactly(400, 400);
    }

    @Test
    void severalBudgetsAreReadAndChargedTogetherSeedingOnlyTheMissingOnes() {
        BudgetSpec monthly = new BudgetSpec("key:k", 9_000_000_000L, BudgetPeriod.MONTH);
        ledgerA.add(DAILY, today, 40, recorded(10)); // the day is known, the month is not

        long[] spent = ledgerB.spent(List.of(DAILY, monthly), today, budget -> {
            assertThat(budget).isEqualTo(monthly);
            reads.incrementAndGet();
            return 7_000;
        });
        long[] charged = ledgerA.add(List.of(DAILY, monthly), today, 5, budget -> 999);

        assertThat(spent).containsExactly(50, 7_000);
        assertThat(charged).containsExactly(55, 7_005);
        assertThat(reads).hasValue(2);
    }

    @Test
    void replicasRacingOnAMissingPeriodSeedItOnceAndCountEveryAddition() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                BudgetLedger ledger = t % 2 == 0 ? ledgerA : ledgerB;
                done.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < 50; i++) {
                        ledger.add(DAILY, today, 1, recorded(1_000_000));
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

        assertThat(ledgerA.spent(DAILY, today, recorded(0))).isEqualTo(1_000_400);
        assertThat(reads.get()).isBetween(1, 8);
        assertThat(connectionA.failures() + connectionB.failures()).isZero();
    }

    @Test
    void counterIsExactBeyondWhatADoubleCanHold() {
        long seed = (1L << 60) + 1;

        assertThat(ledgerA.add(DAILY, today, 1, recorded(seed))).isEqualTo(seed + 1);
        assertThat(ledgerB.spent(DAILY, today, recorded(0))).isEqualTo(seed + 1);
    }

    @Test
    void totalsStayExactWhereTheyCrossWhatADoubleCanHold() {
        long below = (1L << 53) - 2;

        assertThat(ledgerA.add(DAILY, today, 1, recorded(below))).isEqualTo(below + 1);
        assertThat(ledgerA.add(DAILY, today, 1, recorded(0))).isEqualTo(below + 2);
        assertThat(ledgerA.add(DAILY, today, 1, recorded(0))).as("2^53 + 1, which a double rounds").isEqualTo(below + 3);
        assertThat(ledgerB.spent(DAILY, today, recorded(0))).isEqualTo(below + 3);
    }

    @Test
    void eachScopeAndPeriodHasItsOwnCounterExpiringADayAfterThePeriodEnds() {
        BudgetSpec monthly = new BudgetSpec("tenant:t", 9_000_000_000L, BudgetPeriod.MONTH);
        ledgerA.add(DAILY, today, 10, recorded(0));
        ledgerA.add(monthly, today, 20, recorded(100));
        ledgerA.add(new BudgetSpec("key:k", 1, BudgetPeriod.DAY), today, 30, recorded(0));

        try (Jedis jedis = TestRedis.raw(TestRedis.URL)) {
            assertThat(jedis.get(key(DAILY, today))).isEqualTo("10");
            assertThat(jedis.get(key(monthly, today))).isEqualTo("120");
            assertThat(pexpireTime(jedis, key(DAILY, today)))
                    .isEqualTo(BudgetPeriod.DAY.end(today).plusSeconds(86_400).toEpochMilli());
            assertThat(pexpireTime(jedis, key(monthly, today)))
                    .isEqualTo(BudgetPeriod.MONTH.end(today).plusSeconds(86_400).toEpochMilli());
        }
    }

    @Test
    void counterLostFromRedisStartsAgainFromTheRecordedSpend() {
        ledgerA.add(DAILY, today, 10, recorded(0));
        try (Jedis jedis = TestRedis.raw(TestRedis.URL)) {
            jedis.del(key(DAILY, today));
        }

        assertThat(ledgerB.spent(DAILY, today, recorded(700))).isEqualTo(700);
    }

    private static long pexpireTime(Jedis jedis, String key) {
        return (Long) jedis.eval("return redis.call('PEXPIRETIME', KEYS[1])", List.of(key), List.of());
    }
}
