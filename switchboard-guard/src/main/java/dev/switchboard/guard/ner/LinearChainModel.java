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
    /** {@link #edges} of the transitions at the temperature. */
    private final double[] edges;

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
        this.edges = edges(transitions, temperature);
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

    /**
     * The rows of the features {@code ids[0..count)} into {@code out[0..count)}: only reads, one
     * after the other, so that the processor has many of these random reads on their way from
     * memory at once (adding each row to sums as it arrives holds them up); see {@link #addRows}.
     */
    void rows(int[] ids, int count, long[] out) {
        for (int k = 0; k < count; k++) {
            out[k] = rows[ids[k]];
        }
    }

    /** Adds the weights of the rows {@code rows[from..to)}, as {@link #rows} reads them, to {@code sums[at..at + LABEL_COUNT)}. */
    static void addRows(long[] rows, int from, int to, int[] sums, int at) {
        for (int k = from; k < to; k++) {
            long row = rows[k];
            int shift = (int) (row >>> 56);
            for (int y = 0; y < LABEL_COUNT; y++) {
                sums[at + y] += (byte) (row >>> 8 * y) << shift;
            }
        }
    }

    /** Label scores from summed weights, as {@link #emissions} makes them: {@code out[k] = sums[k] * scale} for {@code k < count}. */
    void scale(int[] sums, double[] out, int count) {
        for (int k = 0; k < count; k++) {
            out[k] = sums[k] * scale;
        }
    }

    int[] decode(double[][] emissions) {
        return viterbi(emissions, transitions);
    }

    /** As {@link #decode(double[][])} for the words of a lattice. */
    int[] decode(Lattice lattice, int n) {
        return lattice.viterbi(n, transitions);
    }

    /** Probability of each label at each word (rows sum to 1). */
    double[][] marginals(double[][] emissions) {
        Lattice lattice = filled(emissions);
        double[] flat = marginals(lattice, emissions.length);
        double[][] out = new double[emissions.length][];
        for (int t = 0; t < emissions.length; t++) {
            out[t] = Arrays.copyOfRange(flat, t * LABEL_COUNT, (t + 1) * LABEL_COUNT);
        }
        return out;
    }

    /** As {@link #marginals(double[][])} for the words of a lattice, flat as {@link Lattice#marginals}. */
    double[] marginals(Lattice lattice, int n) {
        return lattice.marginals(n, edges, temperature);
    }

    /** True when label {@code to} may follow label {@code from} ({@code from == LABEL_COUNT} at the start). */
    static boolean allowed(int from, int to) {
        if (to == OUTSIDE || to % 2 == 1) {
            return true;
        }
        return from != LABEL_COUNT && from != OUTSIDE && (from + 1) / 2 == to / 2;
    }

    /** The best label sequence for per-word scores under {@code transitions}, as the trainer needs it. */
    static int[] viterbi(double[][] emissions, double[] transitions) {
        return Arrays.copyOf(filled(emissions).viterbi(emissions.length, transitions), emissions.length);
    }

    private static Lattice filled(double[][] emissions) {
        Lattice lattice = new Lattice(emissions.length);
        for (int t = 0; t < emissions.length; t++) {
            System.arraycopy(emissions[t], 0, lattice.emissions, t * LABEL_COUNT, LABEL_COUNT);
        }
        return lattice;
    }

    /** {@code exp(transition / temperature)} of each allowed label pair, 0 for the others. */
    private static double[] edges(double[] transitions, double temperature) {
        double[] edges = new double[(LABEL_COUNT + 1) * LABEL_COUNT];
        for (int from = 0; from <= LABEL_COUNT; from++) {
            for (int to = 0; to < LABEL_COUNT; to++) {
                edges[from * LABEL_COUNT + to] = allowed(from, to) ? Math.exp(transitions[from * LABEL_COUNT + to] / temperature) : 0;
            }
        }
        return edges;
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
