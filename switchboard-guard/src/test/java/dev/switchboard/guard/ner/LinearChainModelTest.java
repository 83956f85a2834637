package dev.switchboard.guard.ner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
