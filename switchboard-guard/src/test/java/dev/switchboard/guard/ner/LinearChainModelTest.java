package dev.switchboard.guard.ner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The packed weight table: one 8-byte row per feature, written and read back unchanged. */
class LinearChainModelTest {

    private static final int BITS = 10;
    private static final int LABELS = LinearChainModel.LABEL_COUNT;

    @Test
    void smallWeightsKeepTheirSixteenBitValueAndLargeOnesLoseLessThanHalfTheirRowsStep() {
        float[] weights = new float[(1 << BITS) * LABELS];
        weights[0] = 32767; // sets the scale to 1
        weights[LABELS] = 100; // feature 1: every weight fits a byte as it is
        weights[LABELS + 1] = -127;
        weights[LABELS + 2] = 127;
        weights[2 * LABELS] = 1000; // feature 2: its largest needs a step of 8
        weights[2 * LABELS + 1] = 13;
        weights[2 * LABELS + 2] = -1003;
        LinearChainModel model = LinearChainModel.quantize(BITS, weights, new double[(LABELS + 1) * LABELS], 1);

        assertThat(sums(model, 1)).containsExactly(100, -127, 127, 0, 0, 0, 0);
        assertThat(sums(model, 2)).containsExactly(1000, 16, -1000, 0, 0, 0, 0);
        assertThat(sums(model, 0)[0]).isEqualTo(64 << 9); // 63.998 steps of 512, the least step that fits
    }

    @Test
    void aWrittenModelReadsBackWithTheSameScores() throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        float[] weights = new float[(1 << BITS) * LABELS];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = random.nextInt(8) == 0 ? (float) random.nextGaussian(0, 3) : 0;
        }
        double[] transitions = random.doubles((LABELS + 1) * LABELS, -2, 2).toArray();
        LinearChainModel model = LinearChainModel.quantize(BITS, weights, transitions, 2.5);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        model.write(bytes);
        LinearChainModel read = LinearChainModel.read(new ByteArrayInputStream(bytes.toByteArray()));

        int[][] features = new int[40][];
        for (int t = 0; t < features.length; t++) {
            features[t] = random.ints(30, 0, 1 << BITS).toArray();
        }
        assertThat(read.emissions(features)).isEqualTo(model.emissions(features));
        assertThat(read.marginals(read.emissions(features))).isEqualTo(model.marginals(model.emissions(features)));
        assertThat(read.temperature()).isEqualTo(2.5);
        assertThat(bytes.size()).isGreaterThan((1 << BITS) * Long.BYTES);
    }

    @Test
    void aLatticeReusedForAShorterSegmentDecodesAsAFreshOne() {
        SplittableRandom random = new SplittableRandom(4);
        float[] weights = new float[(1 << BITS) * LABELS];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) random.nextGaussian(0, 3);
        }
        LinearChainModel model = LinearChainModel.quantize(BITS, weights,
                random.doubles((LABELS + 1) * LABELS, -2, 2).toArray(), 1.5);
        Lattice reused = new Lattice(30);
        for (int n : new int[] {30, 7, 1, 12}) {
            double[] scores = random.doubles(n * LABELS, -40, 40).toArray();
            System.arraycopy(scores, 0, reused.emissions, 0, scores.length);
            Lattice fresh = new Lattice(n);
            System.arraycopy(scores, 0, fresh.emissions, 0, scores.length);

            assertThat(Arrays.copyOf(model.decode(reused, n), n)).isEqualTo(Arrays.copyOf(model.decode(fresh, n), n));
            assertThat(Arrays.copyOf(model.marginals(reused, n), n * LABELS))
                    .isEqualTo(Arrays.copyOf(model.marginals(fresh, n), n * LABELS));
        }
    }

    @Test
    void aModelOfAnotherFormatIsRefusedWithItsName() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new DataOutputStream(bytes).writeUTF("switchboard-ner-1");

        assertThatThrownBy(() -> LinearChainModel.read(new ByteArrayInputStream(bytes.toByteArray())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("switchboard-ner-1").hasMessageContaining("switchboard-ner-2");
    }

    private static int[] sums(LinearChainModel model, int id) {
        int[] sums = new int[LABELS];
        model.addWeights(new int[] {id}, 0, 1, sums);
        return sums;
    }
}
