package dev.switchboard.core.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.time.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The in-memory limiter against a ticker advanced by hand: exact counts at exact times. */
class InMemoryRateLimiterTest {

    private final FakeTicker ticker = new FakeTicker();
    private final InMemoryRateLimiter limiter = new InMemoryRateLimiter(ticker, Duration.ofSeconds(30));
    private int leases;

    private static LimitSpec rpm(String scope, int rpm) {
        return new LimitSpec(scope, rpm, null, null);
    }

    private static LimitSpec tpm(String scope, int tpm) {
        return new LimitSpec(scope, null, tpm, null);
    }

    private static LimitSpec concurrent(String scope, int max) {
        return new LimitSpec(scope, null, null, max);
    }

    private Admission acquire(long tokens, LimitSpec... specs) {
        return limiter.acquire(List.of(specs), tokens, "lease-" + ++leases);
    }

    private int admitted(int attempts, LimitSpec... specs) {
        int admitted = 0;
        for (int i = 0; i < attempts; i++) {
            admitted += acquire(0, specs).allowed() ? 1 : 0;
        }
        return admitted;
    }

    private LimitState only(Admission admission) {
        assertThat(admission.states()).hasSize(1);
        return admission.states().get(0);
    }

    @Test
    void freshScopeMayUseItsWholeMinuteAtOnceThenRefillsOneRequestPerSixSecondsAtTenRpm() {
        LimitSpec key = rpm("key:a", 10);

        assertThat(admitted(30, key)).isEqualTo(10);

        ticker.advance(Duration.ofMillis(5_999));
        assertThat(admitted(5, key)).isZero();
        ticker.advance(Duration.ofMillis(1));
        assertThat(admitted(5, key)).isEqualTo(1);
        ticker.advance(Duration.ofSeconds(30));
        assertThat(admitted(10, key)).isEqualTo(5);
        ticker.advance(Duration.ofMinutes(5));
        assertThat(admitted(30, key)).isEqualTo(10);
    }

    @Test
    void admissionReportsRemainingAndTimeUntilTheWholeAllowanceIsBack() {
        LimitSpec key = rpm("key:a", 10);

        LimitState first = only(acquire(0, key));
        assertThat(first).isEqualTo(new LimitState("key:a", LimitKind.REQUESTS, 10, 9, Duration.ofSeconds(6)));

        admitted(9, key);
        ticker.advance(Duration.ofSeconds(3));
        Admission rejected = acquire(0, key);

        assertThat(rejected.allowed()).isFalse();
        assertThat(rejected.degraded()).isFalse();
        assertThat(rejected.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(rejected.rejected()).isEqualTo(new LimitState("key:a", LimitKind.REQUESTS, 10, 0, Duration.ofSeconds(57)));
        assertThat(rejected.states()).containsExactly(rejected.rejected());
    }

    @Test
    void tokensAreCountedByCostAndRefillPerToken() {
        LimitSpec key = tpm("key:a", 600); // 10 tokens a second

        assertThat(only(acquire(400, key)).remaining()).isEqualTo(200);
        Admission tooMuch = acquire(300, key);

        assertThat(tooMuch.allowed()).isFalse();
        assertThat(tooMuch.rejected().kind()).isEqualTo(LimitKind.TOKENS);
        assertThat(tooMuch.retryAfter()).isEqualTo(Duration.ofSeconds(10));

        ticker.advance(Duration.ofSeconds(10));
        Admission later = acquire(300, key);
        assertThat(later.allowed()).isTrue();
        assertThat(only(later)).isEqualTo(new LimitState("key:a", LimitKind.TOKENS, 600, 0, Duration.ofSeconds(60)));
    }

    @Test
    void negativeCorrectionGivesTokensBackButNeverBelowEmpty() {
        LimitSpec key = tpm("key:a", 1_000);
        limiter.acquire(List.of(key), 800, "a");

        limiter.release(List.of(key), "a", -500);
        assertThat(only(acquire(700, key)).remaining()).isZero();

        limiter.acquire(List.of(key), 0, "b");
        limiter.release(List.of(key), "b", -5_000);
        assertThat(only(acquire(0, key))).isEqualTo(new LimitState("key:a", LimitKind.TOKENS, 1_000, 1_000, Duration.ZERO));
    }

    @Test
    void positiveCorrectionCountsTokensUsedBeyondTheEstimate() {
        LimitSpec key = tpm("key:a", 1_000);
        limiter.acquire(List.of(key), 100, "a");

        limiter.release(List.of(key), "a", 400);

        Admission next = acquire(600, key);
        assertThat(next.allowed()).isFalse();
        assertThat(next.retryAfter()).isEqualTo(Duration.ofSeconds(6));
        assertThat(next.rejected()).isEqualTo(new LimitState("key:a", LimitKind.TOKENS, 1_000, 500, Duration.ofSeconds(30)));
    }

    @Test
    void releaseCountsACorrectionOnceAndIgnoresLeasesItDoesNotKnow() {
        LimitSpec key = tpm("key:a", 1_000);
        limiter.acquire(List.of(key), 100, "a");

        limiter.release(List.of(key), "a", 100);
        limiter.release(List.of(key), "a", 100);
        limiter.release(List.of(key), "never-admitted", 500);

        assertThat(only(acquire(0, key)).remaining()).isEqualTo(800);
    }

    @Test
    void rejectedRequestHoldsNoLeaseSoItsReleaseDoesNothing() {
        LimitSpec key = new LimitSpec("key:a", null, 100, null);
        Admission tooBig = limiter.acquire(List.of(key), 150, "big");
        assertThat(tooBig.allowed()).isFalse();

        limiter.release(List.of(key), "big", 90);

        assertThat(only(acquire(0, key)).remaining()).isEqualTo(100);
    }

    @Test
    void concurrencyAdmitsAtMostMaxLeasesUntilOneIsReleased() {
        List<LimitSpec> key = List.of(concurrent("key:a", 2));

        assertThat(limiter.acquire(key, 0, "a").states().get(0).remaining()).isEqualTo(1);
        assertThat(limiter.acquire(key, 0, "b").states().get(0).remaining()).isZero();
        Admission third = limiter.acquire(key, 0, "c");

        assertThat(third.allowed()).isFalse();
        assertThat(third.rejected()).isEqualTo(new LimitState("key:a", LimitKind.CONCURRENT, 2, 0, Duration.ZERO));
        assertThat(third.retryAfter()).isEqualTo(Duration.ofSeconds(1));

        limiter.release(key, "a", 0);
        limiter.release(key, "a", 0);
        assertThat(limiter.acquire(key, 0, "c").allowed()).isTrue();
        assertThat(limiter.acquire(key, 0, "d").allowed()).isFalse();
    }

    @Test
    void leaseThatIsNeverReleasedGivesItsSlotBackAfterTheLeaseTtl() {
        List<LimitSpec> key = List.of(concurrent("key:a", 1));
        limiter.acquire(key, 0, "crashed");

        ticker.advance(Duration.ofSeconds(29));
        assertThat(limiter.acquire(key, 0, "b").allowed()).isFalse();
        ticker.advance(Duration.ofSeconds(1));
        assertThat(limiter.acquire(key, 0, "b").allowed()).isTrue();
    }

    @Test
    void tenantLimitExhaustedByOneKeyRejectsAnotherKeyWithoutCountingAnyOfItsLimits() {
        LimitSpec tenant = rpm("tenant:t", 5);
        LimitSpec keyA = rpm("key:a", 100);
        LimitSpec keyB = new LimitSpec("key:b", 3, 1_000, 1);
        assertThat(admitted(5, keyA, tenant)).isEqualTo(5);

        Admission b = limiter.acquire(List.of(keyB, tenant), 400, "b");

        assertThat(b.allowed()).isFalse();
        assertThat(b.rejected().scope()).isEqualTo("tenant:t");
        assertThat(b.states()).extracting(LimitState::remaining).containsExactly(3L, 1_000L, 1L, 0L);
        Admission keyBAlone = limiter.acquire(List.of(keyB), 400, "b2");
        assertThat(keyBAlone.states()).extracting(LimitState::remaining).containsExactly(2L, 600L, 0L);
    }

    @Test
    void rejectionNamesTheLimitThatTakesLongestToAllowTheRequest() {
        LimitSpec key = rpm("key:a", 10);
        LimitSpec tenant = tpm("tenant:t", 600);
        admitted(10, key);
        acquire(500, tenant);

        Admission rejected = acquire(400, key, tenant); // key: 6 s, tenant: 300 tokens at 10/s = 30 s

        assertThat(rejected.rejected().scope()).isEqualTo("tenant:t");
        assertThat(rejected.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void requestNeedingMoreTokensThanTheLimitIsRejectedWithTheWholeMinuteAndCountsNothing() {
        LimitSpec key = new LimitSpec("key:a", 10, 1_000, null);

        Admission tooBig = acquire(1_001, key);

        assertThat(tooBig.allowed()).isFalse();
        assertThat(tooBig.rejected().kind()).isEqualTo(LimitKind.TOKENS);
        assertThat(tooBig.retryAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(acquire(1_000, key).states()).extracting(LimitState::remaining).containsExactly(9L, 0L);
    }

    @Test
    void statesListEveryLimitOfEverySpecInOrder() {
        Admission admission = acquire(10, new LimitSpec("key:a", 10, 100, 2), new LimitSpec("tenant:t", 50, null, 5));

        assertThat(admission.states()).containsExactly(
                new LimitState("key:a", LimitKind.REQUESTS, 10, 9, Duration.ofSeconds(6)),
                new LimitState("key:a", LimitKind.TOKENS, 100, 90, Duration.ofSeconds(6)),
                new LimitState("key:a", LimitKind.CONCURRENT, 2, 1, Duration.ZERO),
                new LimitState("tenant:t", LimitKind.REQUESTS, 50, 49, Duration.ofMillis(1_200)),
                new LimitState("tenant:t", LimitKind.CONCURRENT, 5, 4, Duration.ZERO));
    }

    @Test
    void requestWithoutLimitsIsAllowedWithoutStates() {
        assertThat(limiter.acquire(List.of(), 10, "a")).isEqualTo(Admission.allowed(List.of()));
        assertThat(acquire(10, new LimitSpec("key:a", null, null, null))).isEqualTo(Admission.allowed(List.of()));
        assertThat(limiter.trackedScopes()).isZero();
    }

    @Test
    void changedLimitAppliesAtOnceToWhatWasAlreadyUsed() {
        admitted(5, rpm("key:a", 10));

        assertThat(acquire(0, rpm("key:a", 5)).allowed()).isFalse();
        assertThat(only(acquire(0, rpm("key:a", 20))).remaining()).isEqualTo(14);
    }

    @Test
    void sameScopeTwiceInOneRequestIsAProgrammingError() {
        assertThatThrownBy(() -> acquire(0, rpm("key:a", 1), tpm("key:a", 10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key:a");
    }

    @Test
    void idleScopesAreForgottenButScopesHoldingLeasesAreKept() {
        for (int i = 0; i < 1_000; i++) {
            acquire(0, rpm("key:" + i, 10));
        }
        ticker.advance(Duration.ofSeconds(40));
        LimitSpec busy = concurrent("key:busy", 3);
        limiter.acquire(List.of(busy), 0, "in-flight"); // its lease lasts 30 s
        assertThat(limiter.trackedScopes()).isEqualTo(1_001);

        ticker.advance(Duration.ofSeconds(21)); // a minute after the start: the sweep is due
        acquire(0, rpm("key:new", 10));
        assertThat(limiter.trackedScopes()).isEqualTo(2);

        limiter.release(List.of(busy), "in-flight", 0);
        ticker.advance(Duration.ofMinutes(1));
        acquire(0, rpm("key:newer", 10));
        assertThat(limiter.trackedScopes()).isEqualTo(1);
        assertThat(admitted(20, rpm("key:0", 10))).isEqualTo(10);
    }

    @Test
    @Timeout(20)
    void threadsRacingOverSharedAndOwnScopesNeverAdmitMoreThanTheSharedLimitNorDeadlock() throws Exception {
        LimitSpec tenant = new LimitSpec("tenant:t", 1_000, 100_000, null);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger admitted = new AtomicInteger();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                LimitSpec key = new LimitSpec("key:" + t, 10_000, null, 50);
                // half the threads list the tenant first, half last: lock order must not depend on it
                List<LimitSpec> specs = t % 2 == 0 ? List.of(tenant, key) : List.of(key, tenant);
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 1_000; i++) {
                        String lease = thread + "-" + i;
                        if (limiter.acquire(specs, 10, lease).allowed()) {
                            admitted.incrementAndGet();
                            limiter.release(specs, lease, 0);
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
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
        assertThat(admitted).hasValue(1_000);
    }
}
