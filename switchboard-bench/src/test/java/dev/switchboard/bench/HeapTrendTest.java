package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeapTrendTest {

    @Test
    void slopeOfALinearSeriesIsItsRateInMegabytesPerMinute() {
        List<HeapTrend.Sample> series = series(40, 2.0, 10);

        assertThat(HeapTrend.slope(series)).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void heapGrowingTwoMegabytesPerMinuteIsJudgedGrowing() {
        HeapTrend trend = HeapTrend.of(series(40, 2.0, 19), 0.10, 4);

        assertThat(trend.verdict()).isEqualTo(HeapTrend.Verdict.GROWING);
        assertThat(trend.slopeMbPerMinute()).isCloseTo(2.0, within(1e-9));
        // 19 samples: thirds of 6; first third at minutes 1.0..3.5, last at 7.5..10.0: 6.5 minutes apart
        assertThat(trend.thirdsGrowthMb()).isCloseTo(13.0, within(1e-9));
        assertThat(trend.projectedGrowthMb()).isCloseTo(18.0, within(1e-9));
    }

    @Test
    void heapWanderingAroundAConstantLevelIsJudgedFlat() {
        List<HeapTrend.Sample> series = new ArrayList<>();
        double[] noise = {1.5, -2.0, 0.5, 3.0, -1.0, -2.5, 2.0, 0.0, -0.5, 1.0, -1.5, 2.5};
        for (int i = 0; i < noise.length; i++) {
            series.add(new HeapTrend.Sample(1 + 0.5 * i, 60 + noise[i]));
        }

        HeapTrend trend = HeapTrend.of(series, 0.10, 16);

        assertThat(trend.verdict()).isEqualTo(HeapTrend.Verdict.FLAT);
        assertThat(trend.allowedGrowthMb()).isEqualTo(16);
        assertThat(Math.abs(trend.slopeMbPerMinute())).isLessThan(1.0);
    }

    @Test
    void toleranceIsAFractionOfTheFirstThirdWhenThatIsLarger() {
        HeapTrend trend = HeapTrend.of(series(400, 0.0, 6), 0.10, 16);

        assertThat(trend.allowedGrowthMb()).isCloseTo(40.0, within(1e-9));
        assertThat(trend.verdict()).isEqualTo(HeapTrend.Verdict.FLAT);
    }

    @Test
    void fewerThanThreeSamplesGiveNoVerdict() {
        assertThat(HeapTrend.of(series(40, 5, 2), 0.1, 16).verdict()).isEqualTo(HeapTrend.Verdict.INSUFFICIENT_DATA);
    }

    /** {@code n} samples every 30 s from minute 1, starting at {@code start} MB, rising {@code perMinute}. */
    private static List<HeapTrend.Sample> series(double start, double perMinute, int n) {
        List<HeapTrend.Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double minutes = 1 + 0.5 * i;
            out.add(new HeapTrend.Sample(minutes, start + perMinute * (minutes - 1)));
        }
        return out;
    }
}
