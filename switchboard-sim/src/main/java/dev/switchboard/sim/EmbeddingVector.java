package dev.switchboard.sim;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.SplittableRandom;

/**
 * A deterministic unit-length vector drawn from a seed: the same input always gets the same
 * vector; similar inputs do not get similar vectors. Stateless and thread-safe.
 */
final class EmbeddingVector {

    private EmbeddingVector() {
    }

    /** {@code dimensions} float32 components of Euclidean length 1 (to float precision). */
    static float[] of(long seed, int dimensions) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[dimensions];
        double sumOfSquares = 0;
        for (int i = 0; i < dimensions; i++) {
            values[i] = random.nextDouble(-1.0, 1.0);
            sumOfSquares += values[i] * values[i];
        }
        double norm = Math.sqrt(sumOfSquares);
        float[] vector = new float[dimensions];
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) (norm == 0 ? (i == 0 ? 1 : 0) : values[i] / norm);
        }
        return vector;
    }

    /** OpenAI's {@code base64} encoding: the float32 components, little-endian, base64. */
    static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float component : vector) {
            bytes.putFloat(component);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
