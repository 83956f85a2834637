package dev.switchboard.retrieval.embed;

/** Small vector operations on {@code float[]}. */
public final class Vectors {

    private Vectors() {
    }

    /** Scales {@code v} in place to unit length (a zero vector stays zero); returns it. */
    public static float[] normalize(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        if (sum > 0) {
            float inverse = (float) (1 / Math.sqrt(sum));
            for (int i = 0; i < v.length; i++) {
                v[i] *= inverse;
            }
        }
        return v;
    }

    /** Cosine similarity of two unit-length vectors of one length (their dot product). */
    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }
}
