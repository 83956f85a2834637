package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OpenLoopScheduleTest {

    @Test
    void sendsRequestIAtIOverRateRegardlessOfResponses() {
        OpenLoopSchedule s = new OpenLoopSchedule(500, 0, 1_000);

        assertThat(s.offsetNanos(0)).isZero();
        assertThat(s.offsetNanos(1)).isEqualTo(2_000_000);
        assertThat(s.offsetNanos(250)).isEqualTo(500_000_000);
        assertThat(s.offsetNanos(500)).isEqualTo(1_000_000_000);
    }

    @Test
    void roundsFractionalIntervalsDownToTheNanosecond() {
        OpenLoopSchedule s = new OpenLoopSchedule(3, 0, 10);

        assertThat(s.offsetNanos(1)).isEqualTo(333_333_333);
        assertThat(s.offsetNanos(2)).isEqualTo(666_666_666);
        assertThat(s.offsetNanos(3)).isEqualTo(1_000_000_000);
    }

    @Test
    void splitsWarmupFromMeasuredRequestsByCount() {
        OpenLoopSchedule s = OpenLoopSchedule.of(500, 10_000_000_000L, 30_000_000_000L);

        assertThat(s.warmupCount()).isEqualTo(5_000);
        assertThat(s.measuredCount()).isEqualTo(15_000);
        assertThat(s.totalCount()).isEqualTo(20_000);
        assertThat(s.measureStartOffsetNanos()).isEqualTo(10_000_000_000L);
        assertThat(s.isMeasured(4_999)).isFalse();
        assertThat(s.isMeasured(5_000)).isTrue();
        assertThat(s.isMeasured(19_999)).isTrue();
        assertThat(s.isMeasured(20_000)).isFalse();
    }

    @Test
    void countsRequestsDueAtOrBeforeAnElapsedTime() {
        OpenLoopSchedule s = new OpenLoopSchedule(500, 0, 10);

        assertThat(s.dueCount(-1)).isZero();
        assertThat(s.dueCount(0)).isEqualTo(1);
        assertThat(s.dueCount(1_999_999)).isEqualTo(1);
        assertThat(s.dueCount(2_000_000)).isEqualTo(2);
        assertThat(s.dueCount(60_000_000_000L)).isEqualTo(10);
    }

    @Test
    void dueCountAgreesWithSendTimesAtAwkwardRates() {
        SplittableRandom random = new SplittableRandom(42);
        for (double rate : new double[] {7, 333.3, 6_999.5, 10_000}) {
            OpenLoopSchedule s = new OpenLoopSchedule(rate, 100, 1_000_000);
            for (int trial = 0; trial < 2_000; trial++) {
                long elapsed = random.nextLong(0, 100_000_000_000L);
                long due = s.dueCount(elapsed);
                assertThat(s.offsetNanos(due - 1)).as("rate %s, elapsed %d", rate, elapsed).isLessThanOrEqualTo(elapsed);
                if (due < s.totalCount()) {
                    assertThat(s.offsetNanos(due)).as("rate %s, elapsed %d", rate, elapsed).isGreaterThan(elapsed);
                }
            }
        }
    }

    @Test
    void rejectsARateThatIsNotPositive() {
        assertThatThrownBy(() -> new OpenLoopSchedule(0, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rate");
        assertThatThrownBy(() -> OpenLoopSchedule.of(100, -1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }
}
