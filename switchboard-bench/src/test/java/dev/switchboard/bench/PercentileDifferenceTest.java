package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class PercentileDifferenceTest {

    @Test
    void addedLatencyIsGatewayPercentileMinusDirectPercentile() {
        Histogram direct = histogram(1_000, 990, 1_800, 10);
        Histogram gateway = histogram(1_250, 990, 1_900, 10);

        List<PercentileDifference> diffs = PercentileDifference.between(direct, gateway, 50, 99.5);

        assertThat(diffs.get(0).percentile()).isEqualTo(50);
        assertThat(diffs.get(0).baseMicros()).isEqualTo(1_000);
        assertThat(diffs.get(0).otherMicros()).isEqualTo(1_250);
        assertThat(diffs.get(0).differenceMicros()).isEqualTo(250);
        assertThat(diffs.get(1).differenceMicros()).isEqualTo(100);
    }

    @Test
    void differenceIsNegativeWhereTheGatewayDistributionIsFaster() {
        Histogram direct = histogram(500, 900, 9_000, 100);
        Histogram gateway = histogram(700, 900, 3_000, 100);

        List<PercentileDifference> diffs = PercentileDifference.between(direct, gateway, 50, 99);

        assertThat(diffs.get(0).differenceMicros()).isEqualTo(200);
        assertThat(diffs.get(1).differenceMicros())
                .isEqualTo(gateway.highestEquivalentValue(3_000) - direct.highestEquivalentValue(9_000))
                .isNegative();
    }

    @Test
    void refusesToCompareAnEmptyDistribution() {
        assertThatThrownBy(() -> PercentileDifference.between(LatencyRecorder.newHistogram(), histogram(1, 1, 1, 1), 50))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    private static Histogram histogram(long value, long count, long tailValue, long tailCount) {
        Histogram h = LatencyRecorder.newHistogram();
        h.recordValueWithCount(value, count);
        h.recordValueWithCount(tailValue, tailCount);
        return h;
    }
}
