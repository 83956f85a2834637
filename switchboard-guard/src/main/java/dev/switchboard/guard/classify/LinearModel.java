package dev.switchboard.guard.classify;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A multi-output logistic regression over {@link TextFeatures}: per output a weight per bucket, a
 * bias, and a Platt calibration ({@code p = sigmoid(a * logit + b)}, fitted on out-of-fold scores)
 * so that a score reads as a probability and one threshold means the same for every output.
 *
 * <p>Stored as gzip: a header, then per output its name, bias, calibration and its weights as
 * 16-bit integers with one scale (quantized; the loss of accuracy is far below the noise of
 * training). Immutable and thread-safe once read.
 */
public final class LinearModel {

    private static final int MAGIC = 0x5342_4C4D; // "SBLM"
    private static final int VERSION = 1;

    private final List<String> outputs;
    private final TextFeatures features;
    /** Bucket-major: the weights of bucket {@code i} are {@code weights[i * outputs .. i * outputs + outputs)}. */
    private final float[] weights;
    private final float[] bias;
    private final float[] calibrationScale;
    private final float[] calibrationShift;

    /**
     * @param weights bucket-major, {@code 2^bits * outputs.size()} values
     * @param calibrationScale per output {@code a} of Platt scaling (1 for none)
     * @param calibrationShift per output {@code b} of Platt scaling (0 for none)
     */
    public LinearModel(List<String> outputs, int bits, float[] weights, float[] bias, float[] calibrationScale,
                       float[] calibrationShift) {
        this.outputs = List.copyOf(outputs);
        this.features = new TextFeatures(bits);
        int k = outputs.size();
        if (weights.length != (1 << bits) * k || bias.length != k || calibrationScale.length != k
                || calibrationShift.length != k) {
            throw new IllegalArgumentException("array sizes do not match " + k + " outputs of 2^" + bits + " buckets");
        }
        this.weights = weights;
        this.bias = bias;
        this.calibrationScale = calibrationScale;
        this.calibrationShift = calibrationShift;
    }

    public List<String> outputs() {
        return outputs;
    }

    /** The feature hashing this model was trained with. */
    public TextFeatures features() {
        return features;
    }

    /** Raw scores (before calibration) of {@code x}, one per output, into {@code out}. */
    public void logits(SparseVector x, double[] out) {
        int k = outputs.size();
        for (int j = 0; j < k; j++) {
            out[j] = bias[j];
        }
        int[] indices = x.indices();
        float[] values = x.values();
        for (int e = 0; e < x.size(); e++) {
            int base = indices[e] * k;
            float v = values[e];
            for (int j = 0; j < k; j++) {
                out[j] += weights[base + j] * v;
            }
        }
    }

    /**
     * Raw scores of the features of {@code folded} plus {@code named} features valued
     * {@code namedValue}, one per output, into {@code out}: the scores of
     * {@code features().of(folded, named, namedValue)} (up to rounding) without building that vector.
     */
    public void logits(String folded, Collection<String> named, float namedValue, double[] out) {
        int k = outputs.size();
        for (int j = 0; j < k; j++) {
            out[j] = 0;
        }
        TextFeatures.Sink add = (bucket, value) -> {
            int base = bucket * k;
            for (int j = 0; j < k; j++) {
                out[j] += weights[base + j] * value;
            }
        };
        float scale = TextFeatures.scale(features.ngrams(folded, add));
        for (int j = 0; j < k; j++) {
            out[j] = bias[j] + out[j] * scale;
        }
        features.named(named, namedValue, add);
    }

    /** Calibrated probabilities of {@code x}, one per output. */
    public double[] probabilities(SparseVector x) {
        double[] scores = new double[outputs.size()];
        logits(x, scores);
        for (int j = 0; j < scores.length; j++) {
            scores[j] = calibrate(j, scores[j]);
        }
        return scores;
    }

    /** The probability of output {@code j} for a raw score. */
    public double calibrate(int j, double logit) {
        return sigmoid(calibrationScale[j] * logit + calibrationShift[j]);
    }

    public static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    /** Writes the model (gzip). */
    public void write(OutputStream target) throws IOException {
        GZIPOutputStream gzip = new GZIPOutputStream(target, 1 << 16);
        DataOutputStream out = new DataOutputStream(gzip);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(features.bits());
        out.writeInt(outputs.size());
        int k = outputs.size();
        int buckets = 1 << features.bits();
        for (int j = 0; j < k; j++) {
            out.writeUTF(outputs.get(j));
            out.writeFloat(bias[j]);
            out.writeFloat(calibrationScale[j]);
            out.writeFloat(calibrationShift[j]);
            float max = 0;
            for (int i = 0; i < buckets; i++) {
                max = Math.max(max, Math.abs(weights[i * k + j]));
            }
            float scale = max == 0 ? 1 : max / Short.MAX_VALUE;
            out.writeFloat(scale);
            for (int i = 0; i < buckets; i++) {
                out.writeShort(Math.round(weights[i * k + j] / scale));
            }
        }
        out.flush();
        gzip.finish();
    }

    /** Reads a model written by {@link #write}. */
    public static LinearModel read(InputStream source) throws IOException {
        DataInputStream in = new DataInputStream(new GZIPInputStream(source, 1 << 16));
        if (in.readInt() != MAGIC || in.readInt() != VERSION) {
            throw new IOException("not a Switchboard linear model (or of another version)");
        }
        int bits = in.readInt();
        int k = in.readInt();
        if (bits < 10 || bits > 24 || k < 1 || k > 64) {
            throw new IOException("corrupt model header: bits " + bits + ", outputs " + k);
        }
        int buckets = 1 << bits;
        String[] names = new String[k];
        float[] bias = new float[k];
        float[] a = new float[k];
        float[] b = new float[k];
        float[] weights = new float[buckets * k];
        byte[] quantized = new byte[2 * buckets];
        for (int j = 0; j < k; j++) {
            names[j] = in.readUTF();
            bias[j] = in.readFloat();
            a[j] = in.readFloat();
            b[j] = in.readFloat();
            float scale = in.readFloat();
            in.readFully(quantized);
            for (int i = 0; i < buckets; i++) {
                weights[i * k + j] = (short) ((quantized[2 * i] << 8) | (quantized[2 * i + 1] & 0xFF)) * scale;
            }
        }
        return new LinearModel(List.of(names), bits, weights, bias, a, b);
    }

    /** Reads a model from a class-path resource. */
    public static LinearModel resource(Class<?> anchor, String name) {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("model resource " + name + " is missing from the class path");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model resource " + name, e);
        }
    }
}
