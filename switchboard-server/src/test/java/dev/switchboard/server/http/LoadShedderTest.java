package dev.switchboard.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.time.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadShedderTest {

    private static final Duration MAX = Duration.ofMillis(100);

    private final FakeTicker ticker = new FakeTicker();
    private final LoadShedder shedder = new LoadShedder(ticker, Duration.ofMillis(10), false);

    @Test
    void admitsEverythingWhileTheDelayIsBelowTheMaximum() {
        for (int i = 0; i < 50; i++) {
            shedder.observe(Duration.ofMillis(90).toNanos());
        }

        for (int i = 0; i < 1000; i++) {
            shedder.admit(MAX);
        }
        assertThat(shedder.shedCount()).isZero();
    }

    @Test
    void refusesEveryNewRequestAboveTwiceTheMaximumWithA503ToRetry() {
        for (int i = 0; i < 50; i++) {
            shedder.observe(Duration.ofMillis(250).toNanos());
        }

        assertThatThrownBy(() -> shedder.admit(MAX)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.error().status()).isEqualTo(503);
            assertThat(e.error().code()).isEqualTo("server_overloaded");
            assertThat(e.error().message()).contains("overloaded").contains("retry after 1 s");
            assertThat(e.headers()).containsEntry("retry-after", "1");
        });
        assertThat(shedder.shedCount()).isEqualTo(1);
    }

    @Test
    void refusesAGrowingShareBetweenTheMaximumAndTwiceIt() {
        for (int i = 0; i < 50; i++) {
            shedder.observe(Duration.ofMillis(150).toNanos());
        }

        int refused = 0;
        for (int i = 0; i < 10_000; i++) {
            try {
                shedder.admit(MAX);
            } catch (ApiException e) {
                refused++;
            }
        }
        // half way between the maximum and twice it: about half refused
        assertThat(refused).isBetween(4_000, 6_000);
        assertThat(shedder.shedCount()).isEqualTo(refused);
    }

    @Test
    void oneLongPauseIsSmoothedAway() {
        shedder.observe(Duration.ofMillis(300).toNanos()); // e.g. a GC pause

        shedder.admit(MAX);
        assertThat(shedder.delayNanos()).isLessThan(MAX.toNanos());
    }

    @Test
    void aProbeThatIsOverdueCountsAtOnce() {
        ticker.advance(Duration.ofMillis(10 + 250)); // the probe should have woken 250 ms ago

        assertThat(shedder.delayNanos()).isEqualTo(Duration.ofMillis(250).toNanos());
        assertThatThrownBy(() -> shedder.admit(MAX)).isInstanceOf(ApiException.class);
    }

    @Test
    void zeroTurnsSheddingOff() {
        ticker.advance(Duration.ofSeconds(10));

        shedder.admit(Duration.ZERO);
        assertThat(shedder.shedCount()).isZero();
    }

    @Test
    void theRealProbeMeasuresASmallDelayOnAnIdleScheduler() throws InterruptedException {
        try (LoadShedder real = LoadShedder.start(System::nanoTime)) {
            Thread.sleep(100);

            assertThat(real.delayNanos()).isGreaterThanOrEqualTo(0).isLessThan(Duration.ofSeconds(5).toNanos());
        }
    }
}
