package dev.switchboard.guard.ner;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A linear-chain tagger over BIO labels: per-word scores are sums of hashed feature weights, plus
 * a score for each pair of adjacent labels; the best label sequence is found by Viterbi decoding,
 * and the confidence in each label by forward-backward over the scores divided by a temperature
 * (fitted on held-out data when training).
 *
 * <p>Weights are integers times one scale, stored one {@code long} per feature: its seven labels'
 * weights as signed bytes and a shift they are multiplied by (a power of two, per feature), so the
 * whole table is 8 bytes per feature (2 MB for 2^18 features) and one feature is one read. Sums of
 * weights are exact integers. Immutable and thread-safe.
 */
final class LinearChainModel {

    static final String[] LABELS = {"O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"};
    static final int LABEL_COUNT = LABELS.length;
    static final int OUTSIDE = 0;
    private static final String MAGIC = "switchboard-ner-2";
    private static final double FORBIDDEN = -1e9;
    /** Largest weight magnitude after the first quantization step, in units of {@link #scale}. */
    private static final int MAX_WEIGHT = 32767;

    final int hashBits;
    /**
     * Feature {@code id}'s weights: byte {@code y} (from the lowest) of {@code rows[id]} is label
     * {@code y}'s weight, signed, before the shift; byte 7 is the shift. The tagger reads one row
     * per feature, at random, so a row is one aligned 8-byte read: one cache line.
     */
    private final long[] rows;
    private final double scale;
    private final double[] transitions;
    private final double temperature;

    private LinearChainModel(int hashBits, long[] rows, double scale, double[] transitions, double temperature) {
        if (transitions.length != (LABEL_COUNT + 1) * LABEL_COUNT) {
            throw new IllegalArgumentException("transitions do not match " + LABEL_COUNT + " labels");
        }
        if (rows.length != 1 << hashBits) {
            throw new IllegalArgumentException(rows.length + " weight rows do not match " + hashBits + " hash bits");
        }
        this.hashBits = hashBits;
        this.rows = rows;
        this.scale = scale;
        this.transitions = transitions;
        this.temperature = temperature;
    }

    /**
     * Quantizes float weights ({@code weights[id * LABEL_COUNT + y]}) in two steps: to integers
     * with one scale that maps the largest absolute weight to {@value #MAX_WEIGHT}, then each
     * feature's to signed bytes times the least power of two that lets its largest fit (rounded
     * to the nearest multiple of it). Most features' weights are small, so most lose nothing in
     * the second step; a feature with a large weight loses at most half its power of two on each.
     */
    static LinearChainModel quantize(int hashBits, float[] weights, double[] transitions, double temperature) {
        if (weights.length != (1 << hashBits) * LABEL_COUNT) {
            throw new IllegalArgumentException("weights do not match " + hashBits + " hash bits");
        }
        float max = 0;
        for (float w : weights) {
            max = Math.max(max, Math.abs(w));
        }
        double scale = max == 0 ? 1 : max / (double) MAX_WEIGHT;
        long[] rows = new long[1 << hashBits];
        int[] row = new int[LABEL_COUNT];
        for (int id = 0; id < rows.length; id++) {
            for (int y = 0; y < LABEL_COUNT; y++) {
                row[y] = (int) Math.round(weights[id * LABEL_COUNT + y] / scale);
            }
            rows[id] = packed(row);
        }
        return new LinearChainModel(hashBits, rows, scale, transitions, temperature);
    }

    /** One row from integer weights of at most {@value #MAX_WEIGHT} in magnitude. */
    private static long packed(int[] weights) {
        int largest = 0;
        for (int w : weights) {
            largest = Math.max(largest, Math.abs(w));
        }
        int shift = 0;
        while (rounded(largest, shift) > Byte.MAX_VALUE) {
            shift++;
        }
        long row = (long) shift << 56;
        for (int y = 0; y < LABEL_COUNT; y++) {
            long b = Math.max(Byte.MIN_VALUE, Math.min(Byte.MAX_VALUE, rounded(weights[y], shift)));
            row |= (b & 0xff) << 8 * y;
        }
        return row;
    }

    /** {@code w / 2^shift}, rounded to the nearest integer (halves up). */
    private static long rounded(int w, int shift) {
        return Math.round(w / (double) (1 << shift));
    }

    LinearChainModel withTemperature(double newTemperature) {
        return new LinearChainModel(hashBits, rows, scale, transitions, newTemperature);
    }

    double temperature() {
        return temperature;
    }

    /** Per-word label scores from the words' feature ids. */
    double[][] emissions(int[][] features) {
        double[][] out = new double[features.length][LABEL_COUNT];
        int[] sums = new int[LABEL_COUNT];
        for (int t = 0; t < features.length; t++) {
            Arrays.fill(sums, 0);
            addWeights(features[t], 0, features[t].length, sums);
            for (int y = 0; y < LABEL_COUNT; y++) {
                out[t][y] = sums[y] * scale;
            }
        }
        return out;
    }

    /** Adds the weights of {@code ids[from..to)} to {@code sums}, label by label. */
    void addWeights(int[] ids, int from, int to, int[] sums) {
        for (int k = from; k < to; k++) {
            long row = rows[ids[k]];
            int shift = (int) (row >>> 56);
            for (int y = 0; y < LABEL_COUNT; y++) {
                sums[y] += (byte) (row >>> 8 * y) << shift;
            }
        }
    }

    /** Label scores from summed weights, as {@link #emissions} makes them. */
    double[] scaled(int[] sums) {
        double[] row = new double[LABEL_COUNT];
        for (int y = 0; y < LABEL_COUNT; y++) {
            row[y] = sums[y] * scale;
        }
        return row;
    }

    int[] decode(double[][] emissions) {
        return viterbi(emissions, transitions);
    }

    /** Probability of each label at each word (rows sum to 1). */
    double[][] marginals(double[][] emissions) {
        return forwardBackward(emissions, transitions, temperature);
    }

    /** True when label {@code to} may follow label {@code from} ({@code from == LABEL_COUNT} at the start). */
    static boolean allowed(int from, int to) {
        if (to == OUTSIDE || to % 2 == 1) {
            return true;
        }
        return from != LABEL_COUNT && from != OUTSIDE && (from + 1) / 2 == to / 2;
    }

    static int[] viterbi(double[][] emissions, double[] transitions) {
        int n = emissions.length;
        int[] path = new int[n];
        if (n == 0) {
            return path;
        }
        double[] score = new double[LABEL_COUNT];
        double[] next = new double[LABEL_COUNT];
        int[] back = new int[n * LABEL_COUNT];
        for (int y = 0; y < LABEL_COUNT; y++) {
            score[y] = allowed(LABEL_COUNT, y) ? transitions[LABEL_COUNT * LABEL_COUNT + y] + emissions[0][y] : FORBIDDEN;
        }
        for (int t = 1; t < n; t++) {
            double[] emission = emissions[t];
            // O and B- labels may follow any label; an I- label only its own B- and I- labels
            // (allowed()). The forbidden pairs are not tried: a path through one could only win if
            // every allowed one were below FORBIDDEN, never the case. Ties go to the lower label.
            for (int y = 0; y < LABEL_COUNT; y++) {
                double best;
                int arg;
                if (y == OUTSIDE || y % 2 == 1) {
                    best = score[0] + transitions[y];
                    arg = 0;
                    for (int p = 1; p < LABEL_COUNT; p++) {
                        double s = score[p] + transitions[p * LABEL_COUNT + y];
                        if (s > best) {
                            best = s;
                            arg = p;
                        }
                    }
                } else {
                    best = score[y - 1] + transitions[(y - 1) * LABEL_COUNT + y];
                    arg = y - 1;
                    double s = score[y] + transitions[y * LABEL_COUNT + y];
                    if (s > best) {
                        best = s;
                        arg = y;
                    }
                }
                next[y] = best + emission[y];
                back[t * LABEL_COUNT + y] = arg;
            }
            double[] swap = score;
            score = next;
            next = swap;
        }
        int arg = 0;
        for (int y = 1; y < LABEL_COUNT; y++) {
            if (score[y] > score[arg]) {
                arg = y;
            }
        }
        for (int t = n - 1; t >= 0; t--) {
            path[t] = arg;
            arg = back[t * LABEL_COUNT + arg];
        }
        return path;
    }

    /**
     * Forward-backward in probability space, each step rescaled to sum to 1 (so no underflow and
     * one {@code exp} per word and label rather than one per label pair).
     */
    static double[][] forwardBackward(double[][] emissions, double[] transitions, double temperature) {
        int n = emissions.length;
        if (n == 0) {
            return new double[0][];
        }
        int labels = LABEL_COUNT;
        double[] edge = new double[(labels + 1) * labels];
        for (int from = 0; from <= labels; from++) {
            for (int to = 0; to < labels; to++) {
                edge[from * labels + to] = allowed(from, to) ? Math.exp(transitions[from * labels + to] / temperature) : 0;
            }
        }
        double[][] potential = new double[n][labels];
        for (int t = 0; t < n; t++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int y = 0; y < labels; y++) {
                max = Math.max(max, emissions[t][y]);
            }
            for (int y = 0; y < labels; y++) {
                potential[t][y] = Math.exp(Math.max(-700, (emissions[t][y] - max) / temperature));
            }
        }
        double[][] alpha = new double[n][labels];
        double[][] beta = new double[n][labels];
        for (int t = 0; t < n; t++) {
            double sum = 0;
            for (int y = 0; y < labels; y++) {
                double a = 0;
                if (t == 0) {
                    a = edge[labels * labels + y];
                } else {
                    for (int p = 0; p < labels; p++) {
                        a += alpha[t - 1][p] * edge[p * labels + y];
                    }
                }
                a *= potential[t][y];
                alpha[t][y] = a;
                sum += a;
            }
            for (int y = 0; y < labels; y++) {
                alpha[t][y] /= sum;
            }
        }
        Arrays.fill(beta[n - 1], 1);
        for (int t = n - 2; t >= 0; t--) {
            double sum = 0;
            for (int y = 0; y < labels; y++) {
                double b = 0;
                for (int x = 0; x < labels; x++) {
                    b += edge[y * labels + x] * potential[t + 1][x] * beta[t + 1][x];
                }
                beta[t][y] = b;
                sum += b;
            }
            for (int y = 0; y < labels; y++) {
                beta[t][y] /= sum;
            }
        }
        double[][] out = new double[n][labels];
        for (int t = 0; t < n; t++) {
            double z = 0;
            for (int y = 0; y < labels; y++) {
                out[t][y] = alpha[t][y] * beta[t][y];
                z += out[t][y];
            }
            for (int y = 0; y < labels; y++) {
                out[t][y] /= z;
            }
        }
        return out;
    }

    void write(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeUTF(MAGIC);
        data.writeInt(hashBits);
        data.writeInt(LABEL_COUNT);
        for (String label : LABELS) {
            data.writeUTF(label);
        }
        data.writeDouble(scale);
        data.writeDouble(temperature);
        for (double t : transitions) {
            data.writeDouble(t);
        }
        for (long row : rows) {
            data.writeLong(row);
        }
        data.flush();
    }

    static LinearChainModel read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        String magic = data.readUTF();
        if (!MAGIC.equals(magic)) {
            throw new IOException("not a Switchboard NER model of this version: " + magic + " (expected " + MAGIC + ")");
        }
        int hashBits = data.readInt();
        int labelCount = data.readInt();
        if (hashBits < 8 || hashBits > 24 || labelCount != LABEL_COUNT) {
            throw new IOException("unsupported model: " + hashBits + " hash bits, " + labelCount + " labels");
        }
        for (String label : LABELS) {
            String read = data.readUTF();
            if (!label.equals(read)) {
                throw new IOException("model label " + read + " where " + label + " was expected");
            }
        }
        double scale = data.readDouble();
        double temperature = data.readDouble();
        double[] transitions = new double[(LABEL_COUNT + 1) * LABEL_COUNT];
        for (int i = 0; i < transitions.length; i++) {
            transitions[i] = data.readDouble();
        }
        long[] rows = new long[1 << hashBits];
        byte[] buffer = new byte[1 << 16];
        int filled = 0;
        while (filled < rows.length) {
            int chunk = Math.min(buffer.length / Long.BYTES, rows.length - filled);
            data.readFully(buffer, 0, chunk * Long.BYTES);
            for (int k = 0; k < chunk; k++) {
                long row = 0;
                for (int b = 0; b < Long.BYTES; b++) {
                    row = row << 8 | buffer[k * Long.BYTES + b] & 0xff;
                }
                rows[filled + k] = row;
            }
            filled += chunk;
        }
        for (long row : rows) {
            if (row >>> 56 > 15) {
                throw new IOException("corrupt model: a weight shift of " + (row >>> 56));
            }
        }
        return new LinearChainModel(hashBits, rows, scale, transitions, temperature);
    }
}
