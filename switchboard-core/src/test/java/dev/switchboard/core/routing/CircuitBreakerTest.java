package dev.switchboard.core.routing;

import static dev.switchboard.core.routing.CircuitBreaker.Permit.DENIED;
import static dev.switchboard.core.routing.CircuitBreaker.Permit.GRANTED;
import static dev.switchboard.core.routing.CircuitBreaker.Permit.PROBE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long COOLDOWN = 30 * SECOND;
    private static final long T0 = 1_000 * SECOND;

    private final List<String> events = new ArrayList<>();
    private final CircuitBreaker.Listener listener = new CircuitBreaker.Listener() {
        @Override
        public void opened(long untilNanos) {
            events.add("opened until " + untilNanos);
        }

        @Override
        public void closed() {
            events.add("closed");
        }
    };

    private CircuitBreaker breaker(int threshold) {
        return new CircuitBreaker(threshold, COOLDOWN, listener);
    }

    private static void fail(CircuitBreaker breaker, int times, long now) {
        for (int i = 0; i < times; i++) {
            breaker.onFailure(breaker.tryAcquire(now), now, 0);
        }
    }

    @Test
    void staysClosedBelowTheThreshold() {
        CircuitBreaker breaker = breaker(3);

        fail(breaker, 2, T0);

        assertThat(breaker.isOpen()).isFalse();
        assertThat(breaker.available(T0)).isTrue();
        assertThat(breaker.tryAcquire(T0)).isEqualTo(GRANTED);
        assertThat(events).isEmpty();
    }

    @Test
    void opensAfterThresholdConsecutiveFailures() {
        CircuitBreaker breaker = breaker(3);

        fail(breaker, 3, T0);

        assertThat(breaker.isOpen()).isTrue();
        assertThat(events).containsExactly("opened until " + (T0 + COOLDOWN));
    }

    @Test
    void deniesEveryRequestWhileOpen() {
        CircuitBreaker breaker = breaker(1);
        fail(breaker, 1, T0);

        for (long now = T0; now < T0 + COOLDOWN; now += SECOND) {
            assertThat(breaker.available(now)).as("available at +%ds", (now - T0) / SECOND).isFalse();
            assertThat(breaker.tryAcquire(now)).as("permit at +%ds", (now - T0) / SECOND).isEqualTo(DENIED);
        }
        assertThat(breaker.tryAcquire(T0 + COOLDOWN - 1)).isEqualTo(DENIED);
    }

    @Test
    void successResetsTheCountOfConsecutiveFailures() {
        CircuitBreaker breaker = breaker(3);

        fail(breaker, 2, T0);
        breaker.onSuccess(breaker.tryAcquire(T0));
        fail(breaker, 2, T0);

        assertThat(breaker.isOpen()).isFalse();
        fail(breaker, 1, T0);
        assertThat(breaker.isOpen()).isTrue();
    }

    @Test
    void letsExactlyOneProbeThroughOnceTheCooldownHasPassed() {
        CircuitBreaker breaker = breaker(1);
        fail(breaker, 1, T0);

        assertThat(breaker.available(T0 + COOLDOWN)).isTrue();
        assertThat(breaker.tryAcquire(T0 + COOLDOWN)).isEqualTo(PROBE);
        assertThat(breaker.available(T0 + COOLDOWN)).isFalse();
        assertThat(breaker.tryAcquire(T0 + COOLDOWN)).isEqualTo(DENIED);
        assertThat(breaker.tryAcquire(T0 + 10 * COOLDOWN)).isEqualTo(DENIED);
    }

    @Test
    void probeSuccessClosesTheBreaker() {
        CircuitBreaker breaker = breaker(1);
        fail(breaker, 1, T0);
        CircuitBreaker.Permit probe = breaker.tryAcquire(T0 + COOLDOWN);

        breaker.onSuccess(probe);

        assertThat(breaker.isOpen()).isFalse();
        assertThat(breaker.tryAcquire(T0 + COOLDOWN)).isEqualTo(GRANTED);
        assertThat(breaker.tryAcquire(T0 + COOLDOWN)).isEqualTo(GRANTED);
        assertThat(events).containsExactly("opened until " + (T0 + COOLDOWN), "closed");
    }

    @Test
    void probeFailureReopensForAnotherCooldown() {
        CircuitBreaker breaker = breaker(5);
        fail(breaker, 5, T0);
        long probeTime = T0 + COOLDOWN + 3 * SECOND;
        CircuitBreaker.Permit probe = breaker.tryAcquire(probeTime);
        assertThat(probe).isEqualTo(PROBE);

        breaker.onFailure(probe, probeTime, 0);

        assertThat(breaker.isOpen()).isTrue();
        assertThat(breaker.tryAcquire(probeTime + COOLDOWN - 1)).isEqualTo(DENIED);
        assertThat(breaker.tryAcquire(probeTime + COOLDOWN)).isEqualTo(PROBE);
        assertThat(events).containsExactly("opened until " + (T0 + COOLDOWN), "opened until " + (probeTime + COOLDOWN));
    }

    @Test
    void releasedProbeLetsTheNextRequestProbe() {
        CircuitBreaker breaker = breaker(1);
        fail(breaker, 1, T0);
        CircuitBreaker.Permit probe = breaker.tryAcquire(T0 + COOLDOWN);

        breaker.release(probe);

        assertThat(breaker.isOpen()).isTrue();
        assertThat(breaker.tryAcquire(T0 + COOLDOWN)).isEqualTo(PROBE);
    }

    @Test
    void retryAfterOpensTheBreakerEvenBelowTheThreshold() {
        CircuitBreaker breaker = breaker(5);

        breaker.onFailure(breaker.tryAcquire(T0), T0, 2 * SECOND);

        assertThat(breaker.isOpen()).isTrue();
        assertThat(breaker.tryAcquire(T0 + 2 * SECOND - 1)).isEqualTo(DENIED);
        assertThat(breaker.availableAt(T0)).isEqualTo(T0 + 2 * SECOND);
        assertThat(breaker.tryAcquire(T0 + 2 * SECOND)).isEqualTo(PROBE);
        assertThat(events).containsExactly("opened until " + (T0 + 2 * SECOND));
    }

    @Test
    void retryAfterLongerThanTheCooldownKeepsTheBreakerOpenThatLong() {
        CircuitBreaker breaker = breaker(1);

        breaker.onFailure(breaker.tryAcquire(T0), T0, 90 * SECOND);

        assertThat(breaker.availableAt(T0)).isEqualTo(T0 + 90 * SECOND);
        assertThat(breaker.tryAcquire(T0 + COOLDOWN)).isEqualTo(DENIED);
    }

    @Test
    void thresholdZeroNeverTripsByCount() {
        CircuitBreaker breaker = breaker(0);

        fail(breaker, 1_000, T0);

        assertThat(breaker.isOpen()).isFalse();
        assertThat(breaker.tryAcquire(T0)).isEqualTo(GRANTED);
        assertThat(events).isEmpty();
    }

    @Test
    void thresholdZeroStillHonoursRetryAfter() {
        CircuitBreaker breaker = breaker(0);

        breaker.onFailure(breaker.tryAcquire(T0), T0, 5 * SECOND);

        assertThat(breaker.tryAcquire(T0 + SECOND)).isEqualTo(DENIED);
        assertThat(breaker.tryAcquire(T0 + 5 * SECOND)).isEqualTo(PROBE);
    }

    @Test
    void availableAtIsNowWhenClosedAndTheEndOfTheCooldownWhenOpen() {
        CircuitBreaker breaker = breaker(2);

        assertThat(breaker.availableAt(T0)).isEqualTo(T0);
        fail(breaker, 2, T0);
        assertThat(breaker.availableAt(T0)).isEqualTo(T0 + COOLDOWN);
        assertThat(breaker.availableAt(T0 + COOLDOWN - 1)).isEqualTo(T0 + COOLDOWN);
        assertThat(breaker.availableAt(T0 + COOLDOWN + 7)).isEqualTo(T0 + COOLDOWN + 7);
    }

    @Test
    void worksAcrossTheWrapAroundOfTheNanosecondTicker() {
        CircuitBreaker breaker = breaker(1);
        long now = Long.MAX_VALUE - SECOND;

        fail(breaker, 1, now);

        assertThat(breaker.tryAcquire(now + SECOND)).isEqualTo(DENIED);
        assertThat(breaker.tryAcquire(now + COOLDOWN)).isEqualTo(PROBE);
    }
}
