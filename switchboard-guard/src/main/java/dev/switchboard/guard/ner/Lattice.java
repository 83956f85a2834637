package dev.switchboard.guard.ner;

/**
 * The label scores of one segment's words and what decoding them needs: the best label sequence
 * (Viterbi) and each word's label probabilities (forward-backward). All arrays are flat, word
 * {@code t}'s label {@code y} at {@code t * LABEL_COUNT + y}, and sized once for the longest
 * segment of a text, so tagging a text allocates them once and reuses the same memory segment
 * after segment, rather than a few small arrays per word.
 *
 * <p>Not thread-safe: one per tagging call.
 */
final class Lattice {

    private static final int LABELS = LinearChainModel.LABEL_COUNT;
    private static final double FORBIDDEN = -1e9;
    /** Most {@link #ids} per word. */
    static final int IDS_PER_WORD = Features.WINDOW_IDS + Gazetteer.FLAG_COUNT;

    /** The words' label scores: filled by the caller for words {@code 0..n)} before decoding. */
    final double[] emissions;
    /** Integer weight sums per word and label, for whoever fills {@link #emissions}. */
    final int[] sums;
    /**
     * Room for the ids of the features of each word that are read from the weight table one by
     * one ({@link WordScores}: those that read a word with a neighbour, one per gazetteer flag).
     */
    final int[] ids;
    /** Where each word's ids in {@link #ids} end. */
    final int[] idEnds;
    /** The weight rows of {@link #ids}, read ahead of being added. */
    final long[] rows;
    private final int capacity;
    private final int[] back;
    private final int[] path;
    private final double[] potential;
    private final double[] alpha;
    private final double[] beta;
    private final double[] marginals;

    /** @param capacity the most words of a segment */
    Lattice(int capacity) {
        this.capacity = capacity;
        emissions = new double[capacity * LABELS];
        sums = new int[capacity * LABELS];
        ids = new int[capacity * IDS_PER_WORD];
        idEnds = new int[capacity];
        rows = new long[capacity * IDS_PER_WORD];
        back = new int[capacity * LABELS];
        path = new int[capacity];
        potential = new double[capacity * LABELS];
        alpha = new double[capacity * LABELS];
        beta = new double[capacity * LABELS];
        marginals = new double[capacity * LABELS];
    }

    int capacity() {
        return capacity;
    }

    /**
     * The best label sequence of words {@code 0..n)} under {@code transitions} ({@code from * LABELS + to},
     * the row {@code LABELS} for the start): {@code path[0..n)}, valid until the next call.
     */
    int[] viterbi(int n, double[] transitions) {
        if (n == 0) {
            return path;
        }
        double[] score = new double[LABELS];
        double[] next = new double[LABELS];
        for (int y = 0; y < LABELS; y++) {
            score[y] = LinearChainModel.allowed(LABELS, y) ? transitions[LABELS * LABELS + y] + emissions[y] : FORBIDDEN;
        }
        for (int t = 1; t < n; t++) {
            int at = t * LABELS;
            // O and B- labels may follow any label; an I- label only its own B- and I- labels
            // (allowed()). The forbidden pairs are not tried: a path through one could only win if
            // every allowed one were below FORBIDDEN, never the case. Ties go to the lower label.
            for (int y = 0; y < LABELS; y++) {
                double best;
                int arg;
                if (y == LinearChainModel.OUTSIDE || y % 2 == 1) {
                    best = score[0] + transitions[y];
                    arg = 0;
                    for (int p = 1; p < LABELS; p++) {
                        double s = score[p] + transitions[p * LABELS + y];
                        if (s > best) {
                            best = s;
                            arg = p;
                        }
                    }
                } else {
                    best = score[y - 1] + transitions[(y - 1) * LABELS + y];
                    arg = y - 1;
                    double s = score[y] + transitions[y * LABELS + y];
                    if (s > best) {
                        best = s;
                        arg = y;
                    }
                }
                next[y] = best + emissions[at + y];
                back[at + y] = arg;
            }
            double[] swap = score;
            score = next;
            next = swap;
        }
        int arg = 0;
        for (int y = 1; y < LABELS; y++) {
            if (score[y] > score[arg]) {
                arg = y;
            }
        }
        for (int t = n - 1; t >= 0; t--) {
            path[t] = arg;
            arg = back[t * LABELS + arg];
        }
        return path;
    }

    /**
     * The probability of each label at each word of {@code 0..n)}, scores divided by
     * {@code temperature}: forward-backward in probability space, each step rescaled to sum to 1
     * (so no underflow, and one {@code exp} per word and label rather than one per label pair).
     *
     * @param edges {@code exp(transition / temperature)} per label pair as {@code transitions}
     *        holds them, 0 for pairs not {@link LinearChainModel#allowed allowed}
     * @return word {@code t}'s label {@code y} at {@code t * LABEL_COUNT + y}, valid until the next call
     */
    double[] marginals(int n, double[] edges, double temperature) {
        if (n == 0) {
            return marginals;
        }
        for (int t = 0; t < n; t++) {
            int at = t * LABELS;
            double max = Double.NEGATIVE_INFINITY;
            for (int y = 0; y < LABELS; y++) {
                max = Math.max(max, emissions[at + y]);
            }
            for (int y = 0; y < LABELS; y++) {
                potential[at + y] = Math.exp(Math.max(-700, (emissions[at + y] - max) / temperature));
            }
        }
        for (int t = 0; t < n; t++) {
            int at = t * LABELS;
            double sum = 0;
            for (int y = 0; y < LABELS; y++) {
                double a = 0;
                if (t == 0) {
                    a = edges[LABELS * LABELS + y];
                } else {
                    for (int p = 0; p < LABELS; p++) {
                        a += alpha[at - LABELS + p] * edges[p * LABELS + y];
                    }
                }
                a *= potential[at + y];
                alpha[at + y] = a;
                sum += a;
            }
            for (int y = 0; y < LABELS; y++) {
                alpha[at + y] /= sum;
            }
        }
        int last = (n - 1) * LABELS;
        for (int y = 0; y < LABELS; y++) {
            beta[last + y] = 1;
        }
        for (int t = n - 2; t >= 0; t--) {
            int at = t * LABELS;
            double sum = 0;
            for (int y = 0; y < LABELS; y++) {
                double b = 0;
                for (int x = 0; x < LABELS; x++) {
                    b += edges[y * LABELS + x] * potential[at + LABELS + x] * beta[at + LABELS + x];
                }
                beta[at + y] = b;
                sum += b;
            }
            for (int y = 0; y < LABELS; y++) {
                beta[at + y] /= sum;
            }
        }
        for (int t = 0; t < n; t++) {
            int at = t * LABELS;
            double z = 0;
            for (int y = 0; y < LABELS; y++) {
                marginals[at + y] = alpha[at + y] * beta[at + y];
                z += marginals[at + y];
            }
            for (int y = 0; y < LABELS; y++) {
                marginals[at + y] /= z;
            }
        }
        return marginals;
    }
}
