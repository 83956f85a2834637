package dev.switchboard.guard.classify.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class BinaryMetricsTest {

    @Test
    void perfectRankingHasAucOneAndFullRecallAtZeroFalsePositives() {
        BinaryMetrics metrics = BinaryMetrics.of(List.of(0.9, 0.8, 0.2, 0.1), List.of(true, true, false, false));

        assertThat(metrics.auc()).isEqualTo(1.0);
        assertThat(metrics.tprAtFpr(0.0)).isEqualTo(1.0);
    }

    @Test
    void aucCountsPairsAndTiesHalf() {
        // pairs (pos, neg): (0.8 > 0.3) (0.8 > 0.5) (0.5 = 0.5 tie) (0.5 > 0.3): 3.5 of 4
        BinaryMetrics metrics = BinaryMetrics.of(List.of(0.8, 0.5, 0.5, 0.3), List.of(true, true, false, false));

        assertThat(metrics.auc()).isCloseTo(0.875, within(1e-9));
    }

    @Test
    void recallAtAFalsePositiveBudgetStopsBeforeTheBudgetIsExceeded() {
        // a negative ranks first: at 0% FPR nothing is caught; at 50% FPR both positives are
        BinaryMetrics metrics = BinaryMetrics.of(List.of(0.9, 0.8, 0.7, 0.1), List.of(false, true, true, false));

        assertThat(metrics.tprAtFpr(0.0)).isEqualTo(0.0);
        assertThat(metrics.tprAtFpr(0.5)).isEqualTo(1.0);
    }

    @Test
    void precisionRecallAndF1AtAThreshold() {
        BinaryMetrics metrics = BinaryMetrics.of(List.of(0.9, 0.6, 0.4, 0.7), List.of(true, true, true, false));

        BinaryMetrics.AtThreshold at = metrics.at(0.5);

        assertThat(at.precision()).isCloseTo(2 / 3.0, within(1e-9));
        assertThat(at.recall()).isCloseTo(2 / 3.0, within(1e-9));
        assertThat(at.f1()).isCloseTo(2 / 3.0, within(1e-9));
    }
}
