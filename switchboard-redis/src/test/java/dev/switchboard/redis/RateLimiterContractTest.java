package dev.switchboard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.limits.Admission;
import dev.switchboard.core.limits.InMemoryRateLimiter;
import dev.switchboard.core.limits.LimitKind;
import dev.switchboard.core.limits.LimitSpec;
import dev.switchboard.core.limits.LimitState;
import dev.switchboard.core.limits.RateLimiter;
import dev.switchboard.core.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every {@link RateLimiter} does, in real time, against the in-memory limiter and against two
 * Redis replicas (separate connections) sharing one server. Only behaviour that is exact within a
 * test's few milliseconds is asserted exactly: at 10 RPM a request refills every 6 s.
 */
@Timeout(30)
class RateLimiterContractTest {

    enum Backend {
        IN_MEMORY, REDIS
    }

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final String prefix = TestRedis.freshPrefix();
    private RateLimiter replicaA;
    private RateLimiter replicaB;
    private int leases;

    private void use(Backend backend) {
        use(backend, InMemoryRateLimiter.DEFAULT_LEASE_TTL);
    }

    private void use(Backend backend, Duration leaseTtl) {
        if (backend == Backend.IN_MEMORY) {
            replicaA = replicaB = new InMemoryRateLimiter(Ticker.system(), leaseTtl);
            return;
        }
        RedisConnection a = TestRedis.connect(prefix);
        RedisConnection b = TestRedis.connect(prefix);
        opened.add(a);
        opened.add(b);
        // releases sent at once, so that the other replica sees them on its next call
        replicaA = new RedisRateLimiter(a, leaseTtl, Duration.ZERO);
        replicaB = new RedisRateLimiter(b, leaseTtl, Duration.ZERO);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        TestRedis.deleteKeys(prefix);
    }

    private Admission acquire(RateLimiter limiter, long tokens, LimitSpec... specs) {
        Admission admission = limiter.acquire(List.of(specs), tokens, "lease-" + ++leases);
        assertThat(admission.degraded()).isFalse();
        return admission;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void thirtyQuickRequestsAgainstTenRpmAdmitExactlyTen(Backend backend) {
        use(backend);
        LimitSpec key = new LimitSpec("key:a", 10, null, null);

        List<Admission> admissions = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            admissions.add(acquire(i % 2 == 0 ? replicaA : replicaB, 0, key));
        }

        assertThat(admissions).filteredOn(Admission::allowed).hasSize(10);
        LimitState first = admissions.get(0).states().get(0);
        assertThat(first.remaining()).isEqualTo(9);
        assertThat(first.reset()).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(6));
        Admission last = admissions.get(29);
        assertThat(last.allowed()).isFalse();
        assertThat(last.rejected().kind()).isEqualTo(LimitKind.REQUESTS);
        assertThat(last.rejected().remaining()).isZero();
        assertThat(last.retryAfter()).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(6));
        assertThat(last.rejected().reset()).isBetween(Duration.ofSeconds(59), Duration.ofSeconds(60));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void tokensAreCountedByCostAndCorrectedOnRelease(Backend backend) {
        use(backend);
        LimitSpec key = new LimitSpec("key:a", null, 1_000, null);
        assertThat(replicaA.acquire(List.of(key), 600, "first").states().get(0).remaining()).isEqualTo(400);

        Admission tooMuch = acquire(replicaB, 500, key);
        assertThat(tooMuch.allowed()).isFalse();
        assertThat(tooMuch.rejected().kind()).isEqualTo(LimitKind.TOKENS);
        assertThat(tooMuch.retryAfter()).isBetween(Duration.ofMillis(5_000), Duration.ofMillis(6_000));

        replicaB.release(List.of(key), "first", -300);
        replicaA.release(List.of(key), "first", -300); // released already: no second refund
        Admission fits = replicaB.acquire(List.of(key), 500, "second");
        assertThat(fits.allowed()).isTrue();
        assertThat(fits.states().get(0).remaining()).isBetween(200L, 210L);

        replicaA.release(List.of(key), "second", 400); // used 900 tokens, not 500: 1 200 in use now
        Admission overUsed = acquire(replicaA, 0, key);
        assertThat(overUsed.allowed()).isFalse();
        assertThat(overUsed.retryAfter()).isBetween(Duration.ofSeconds(11), Duration.ofSeconds(12));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void negativeCorrectionNeverGivesBackMoreThanAnEmptyLimit(Backend backend) {
        use(backend);
        LimitSpec key = new LimitSpec("key:a", null, 1_000, null);
        replicaA.acquire(List.of(key), 100, "first");

        replicaB.release(List.of(key), "first", -100_000);

        assertThat(acquire(replicaA, 0, key).states().get(0)).isEqualTo(
                new LimitState("key:a", LimitKind.TOKENS, 1_000, 1_000, Duration.ZERO));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void requestNeedingMoreTokensThanTheLimitIsRejectedWithTheWholeMinute(Backend backend) {
        use(backend);
        LimitSpec key = new LimitSpec("key:a", 10, 1_000, null);

        Admission tooBig = acquire(replicaA, 1_001, key);

        assertThat(tooBig.allowed()).isFalse();
        assertThat(tooBig.rejected().kind()).isEqualTo(LimitKind.TOKENS);
        assertThat(tooBig.retryAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(tooBig.states()).extracting(LimitState::remaining).containsExactly(10L, 1_000L);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void concurrencySlotsAreSharedByReplicasAndFreedByRelease(Backend backend) {
        use(backend);
        List<LimitSpec> key = List.of(new LimitSpec("key:a", null, null, 3));
        assertThat(replicaA.acquire(key, 0, "a1").allowed()).isTrue();
        assertThat(replicaA.acquire(key, 0, "a2").allowed()).isTrue();
        assertThat(replicaB.acquire(key, 0, "b1").states().get(0).remaining()).isZero();

        Admission full = replicaB.acquire(key, 0, "b2");
        assertThat(full.allowed()).isFalse();
        assertThat(full.rejected()).isEqualTo(new LimitState("key:a", LimitKind.CONCURRENT, 3, 0, Duration.ZERO));
        assertThat(full.retryAfter()).isEqualTo(Duration.ofSeconds(1));

        replicaB.release(key, "a1", 0);
        replicaA.release(key, "a1", 0);
        assertThat(replicaB.acquire(key, 0, "b2").allowed()).isTrue();
        assertThat(replicaA.acquire(key, 0, "a3").allowed()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void requestAcquiringAgainWithItsLeaseKeepsItsOneSlot(Backend backend) {
        use(backend);
        List<LimitSpec> key = List.of(new LimitSpec("key:a", null, null, 1));
        assertThat(replicaA.acquire(key, 0, "a").allowed()).isTrue();

        Admission again = replicaB.acquire(key, 0, "a");

        assertThat(again.allowed()).isTrue();
        assertThat(again.states().get(0).remaining()).isZero();
        assertThat(replicaB.acquire(key, 0, "b").allowed()).isFalse();
        replicaA.release(key, "a", 0);
        assertThat(replicaB.acquire(key, 0, "b").allowed()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void tenantLimitExhaustedByOneKeyRejectsAnotherKeyWithoutCountingAnyOfItsLimits(Backend backend) {
        use(backend);
        LimitSpec tenant = new LimitSpec("tenant:t", 5, null, null);
        LimitSpec keyA = new LimitSpec("key:a", 100, null, null);
        LimitSpec keyB = new LimitSpec("key:b", 3, 1_000, 1);
        for (int i = 0; i < 5; i++) {
            assertThat(acquire(replicaA, 0, keyA, tenant).allowed()).isTrue();
        }

        Admission b = replicaB.acquire(List.of(keyB, tenant), 400, "b");

        assertThat(b.allowed()).isFalse();
        assertThat(b.rejected().scope()).isEqualTo("tenant:t");
        assertThat(b.states()).extracting(LimitState::remaining).containsExactly(3L, 1_000L, 1L, 0L);
        replicaB.release(List.of(keyB, tenant), "b", 500); // not admitted: does nothing
        assertThat(replicaA.acquire(List.of(keyB), 400, "b2").states())
                .extracting(LimitState::remaining).containsExactly(2L, 600L, 0L);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void slotOfARequestThatIsNeverReleasedComesBackAfterTheLeaseTtl(Backend backend) throws Exception {
        use(backend, Duration.ofMillis(300));
        List<LimitSpec> key = List.of(new LimitSpec("key:a", null, null, 2));
        replicaA.acquire(key, 0, "crashed-1");
        replicaA.acquire(key, 0, "crashed-2");
        assertThat(replicaB.acquire(key, 0, "b").allowed()).isFalse();

        assertThat(eventuallyAdmitted(replicaB, key, "b")).isTrue();
    }

    private static boolean eventuallyAdmitted(RateLimiter limiter, List<LimitSpec> specs, String lease)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (limiter.acquire(specs, 0, lease).allowed()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}
