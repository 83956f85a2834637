package dev.switchboard.core.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class InMemoryBudgetLedgerTest {

    private static final Instant JAN_15 = Instant.parse("2026-01-15T10:00:00Z");

    private final InMemoryBudgetLedger ledger = new InMemoryBudgetLedger();
    private final AtomicInteger reads = new AtomicInteger();

    private LongSupplier recorded(long nanos) {
        return () -> {
            reads.incrementAndGet();
            return nanos;
        };
    }

    private static BudgetSpec daily(String scope) {
        return new BudgetSpec(scope, 1_000_000_000L, BudgetPeriod.DAY);
    }

    @Test
    void periodStartsFromTheRecordedSpendOnceAndThenCountsAdditions() {
        BudgetSpec budget = daily("tenant:t");

        assertThat(ledger.spent(budget, JAN_15, recorded(500))).isEqualTo(500);
        assertThat(ledger.add(budget, JAN_15.plusSeconds(60), 100, recorded(999))).isEqualTo(600);
        assertThat(ledger.add(budget, JAN_15.plusSeconds(120), -50, recorded(999))).isEqualTo(550);
        assertThat(ledger.spent(budget, JAN_15.plusSeconds(180), recorded(999))).isEqualTo(550);
        assertThat(reads).hasValue(1);
    }

    @Test
    void eachPeriodAndScopeHasItsOwnCounter() {
        BudgetSpec day = daily("tenant:t");
        BudgetSpec month = new BudgetSpec("tenant:t", 5_000_000_000L, BudgetPeriod.MONTH);
        ledger.add(day, JAN_15, 100, recorded(0));
        ledger.add(month, JAN_15, 100, recorded(7_000));

        assertThat(ledger.spent(daily("tenant:other"), JAN_15, recorded(3))).isEqualTo(3);
        assertThat(ledger.spent(day, JAN_15.plus(Duration.ofDays(1)), recorded(20))).isEqualTo(20);
        assertThat(ledger.spent(month, JAN_15.plus(Duration.ofDays(10)), recorded(0))).isEqualTo(7_100);
        assertThat(ledger.spent(month, Instant.parse("2026-02-01T00:00:00Z"), recorded(1))).isEqualTo(1);
    }

    @Test
    void periodsThatEndedAreDroppedOnTheFirstUseOfANewDay() {
        for (int i = 0; i < 100; i++) {
            ledger.add(daily("key:" + i), JAN_15, 1, recorded(0));
        }
        ledger.add(new BudgetSpec("tenant:t", 1, BudgetPeriod.MONTH), JAN_15, 1, recorded(0));
        assertThat(ledger.trackedPeriods()).isEqualTo(101);

        ledger.spent(daily("key:0"), Instant.parse("2026-01-16T00:00:00Z"), recorded(0));

        assertThat(ledger.trackedPeriods()).isEqualTo(2);
    }

    @Test
    void clearedLedgerStartsEachPeriodFromTheRecordedSpendAgain() {
        BudgetSpec budget = daily("tenant:t");
        ledger.add(budget, JAN_15, 100, recorded(0));

        ledger.clear();

        assertThat(ledger.spent(budget, JAN_15, recorded(40))).isEqualTo(40);
    }

    @Test
    @Timeout(20)
    void threadsStartingTheSamePeriodAtOnceCountEveryAdditionOnceOnOneSeed() throws Exception {
        BudgetSpec budget = daily("tenant:t");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 1_000; i++) {
                        ledger.add(budget, JAN_15, 1, recorded(1_000_000));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
        assertThat(ledger.spent(budget, JAN_15, recorded(0))).isEqualTo(1_008_000);
    }

    @Test
    @Timeout(20)
    void aBurstStartingAPeriodReadsTheRecordedSpendOnceWhileTheOthersWait() throws Exception {
        BudgetSpec budget = daily("tenant:burst");
        AtomicInteger reads = new AtomicInteger();
        CountDownLatch slowStore = new CountDownLatch(1);
        LongSupplier recorded = () -> {
            reads.incrementAndGet();
            try {
                slowStore.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 100;
        };
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> done = new ArrayList<>();
            for (int t = 0; t < 50; t++) {
                done.add(threads.submit(() -> ledger.add(budget, JAN_15, 1, recorded)));
            }
            Thread.sleep(200); // let the burst pile up behind the first reader
            slowStore.countDown();
            for (Future<Long> future : done) {
                future.get();
            }
        }
        assertThat(reads).hasValue(1);
        assertThat(ledger.spent(budget, JAN_15, recorded(0))).isEqualTo(150);
    }

    @Test
    void whenTheSeedCannotBeReadTheNextUseTriesAgain() {
        BudgetSpec budget = daily("tenant:flaky");
        assertThatThrownBy(() -> ledger.add(budget, JAN_15, 1, () -> {
            throw new IllegalStateException("store down");
        })).hasMessage("store down");

        assertThat(ledger.add(budget, JAN_15, 1, recorded(10))).isEqualTo(11);
    }
}
