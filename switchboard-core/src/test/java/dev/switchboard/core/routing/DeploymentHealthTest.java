package dev.switchboard.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.core.time.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeploymentHealthTest {

    private static final double MS = 1e6;

    private final FakeTicker ticker = new FakeTicker();
    private final DeploymentHealth health = new DeploymentHealth(new CircuitBreaker(5, 1, CircuitBreaker.Listener.NONE));

    private void sample(long millis) {
        health.recordLatency(millis * 1_000_000L, ticker.read());
    }

    @Test
    void latencyIsZeroBeforeTheFirstSample() {
        assertThat(health.latencyNanos()).isZero();
    }

    @Test
    void firstSampleBecomesTheAverage() {
        sample(120);

        assertThat(health.latencyNanos()).isEqualTo(120 * MS);
    }

    @Test
    void slowerSampleReplacesTheAverageAtOnce() {
        sample(100);
        ticker.advance(Duration.ofMillis(10));

        sample(900);

        assertThat(health.latencyNanos()).isEqualTo(900 * MS);
    }

    @Test
    void fasterSampleMovesTheAverageByHowLongAgoTheLastSampleWas() {
        sample(200);
        ticker.advance(Duration.ofSeconds(10));

        sample(100);

        // one decay time later the old average weighs 1/e
        double expected = 200 * MS * Math.exp(-1) + 100 * MS * (1 - Math.exp(-1));
        assertThat(health.latencyNanos()).isCloseTo(expected, within(1.0));
        assertThat(health.latencyNanos() / MS).isCloseTo(136.79, within(0.01));
    }

    @Test
    void fasterSamplesCloseTogetherMoveTheAverageLittle() {
        sample(200);
        ticker.advance(Duration.ofMillis(100));

        sample(100);

        assertThat(health.latencyNanos() / MS).isCloseTo(200 - 100 * (1 - Math.exp(-0.01)), within(0.001))
                .isGreaterThan(199);
    }

    @Test
    void averageRecoversGraduallyAfterASpike() {
        sample(100);
        ticker.advance(Duration.ofSeconds(1));
        sample(1_000);

        double previous = health.latencyNanos();
        for (int i = 0; i < 10; i++) {
            ticker.advance(Duration.ofSeconds(5));
            sample(100);
            assertThat(health.latencyNanos()).as("after %d fast samples", i + 1).isLessThan(previous);
            previous = health.latencyNanos();
        }
        assertThat(previous / MS).isBetween(100.0, 110.0);
    }

    @Test
    void outstandingCountsRequestsInFlight() {
        health.requestStarted();
        health.requestStarted();
        health.requestEnded();

        assertThat(health.outstanding()).isEqualTo(1);
    }
}
