package dev.switchboard.guard.classify;

import java.util.Collection;

/**
 * Hashed n-gram features of folded text ({@link GuardText#text()}): word unigrams and bigrams and
 * character 3-, 4- and 5-grams, each hashed with a sign into one of {@code 2^bits} buckets (the
 * hashing trick), valued {@code ±1/sqrt(n)} for {@code n} n-grams so that long and short texts weigh
 * alike. Named extra features (a rule family that fired) are added with their own value.
 *
 * <p>The same text always gives the same vector: the model and its trainer share this class, and a
 * change of the hashing needs a retrained model. Stateless and thread-safe.
 */
public final class TextFeatures {

    private static final long WORD_SEED = 0x9E3779B97F4A7C15L;
    private static final long BIGRAM_SEED = 0xC2B2AE3D27D4EB4FL;
    private static final long CHAR_SEED = 0x165667B19E3779F9L;
    private static final long NAMED_SEED = 0xD6E8FEB86659FD93L;
    private static final long FNV_PRIME = 0x100000001B3L;
    private static final int MIN_CHAR_GRAM = 3;
    private static final int MAX_CHAR_GRAM = 5;

    private final int bits;
    private final int mask;

    /** @param bits log2 of the number of buckets, 10 to 24 */
    public TextFeatures(int bits) {
        if (bits < 10 || bits > 24) {
            throw new IllegalArgumentException("bits must be 10 to 24, was " + bits);
        }
        this.bits = bits;
        this.mask = (1 << bits) - 1;
    }

    public int bits() {
        return bits;
    }

    /** Receives features one at a time: a bucket and the feature's value there. */
    @FunctionalInterface
    public interface Sink {
        void add(int bucket, float value);
    }

    /**
     * The features of {@code folded} plus {@code named} features valued {@code namedValue}.
     * Linear in the length of {@code folded}.
     */
    public SparseVector of(String folded, Collection<String> named, float namedValue) {
        // 3 char n-grams per position, at most one word and one bigram per two chars
        int capacity = 4 * (folded.length() + 2) + named.size();
        int[] indices = new int[capacity];
        float[] values = new float[capacity];
        int[] size = {0};
        Sink collect = (bucket, value) -> {
            indices[size[0]] = bucket;
            values[size[0]++] = value;
        };
        int n = ngrams(folded, collect);
        float scale = scale(n);
        for (int k = 0; k < n; k++) {
            values[k] *= scale;
        }
        named(named, namedValue, collect);
        return new SparseVector(indices, values, size[0]);
    }

    /** The value every n-gram feature of a text with {@code n} of them is scaled by: {@code 1/sqrt(n)}. */
    public static float scale(int n) {
        return n == 0 ? 0f : (float) (1 / Math.sqrt(n));
    }

    /**
     * Gives {@code sink} the n-gram features of {@code folded} valued {@code ±1}, unscaled (see
     * {@link #scale}), and returns how many it gave.
     */
    public int ngrams(String folded, Sink sink) {
        int length = folded.length();
        int n = 0;
        // character n-grams over the text padded with one space at each end
        char[] padded = new char[length + 2];
        padded[0] = ' ';
        folded.getChars(0, length, padded, 1);
        padded[length + 1] = ' ';
        for (int i = 0; i + MIN_CHAR_GRAM <= padded.length; i++) {
            long h = CHAR_SEED;
            int top = Math.min(MAX_CHAR_GRAM, padded.length - i);
            for (int k = 0; k < top; k++) {
                h = (h ^ padded[i + k]) * FNV_PRIME;
                if (k + 1 >= MIN_CHAR_GRAM) {
                    long mixed = mix(h + k);
                    sink.add((int) mixed & mask, mixed < 0 ? -1f : 1f);
                    n++;
                }
            }
        }
        // words: runs of letters and digits (padded[1 .. length] is the text)
        long previous = 0;
        int i = 1;
        while (i <= length) {
            if (!Character.isLetterOrDigit(padded[i])) {
                i++;
                continue;
            }
            long h = WORD_SEED;
            while (i <= length && Character.isLetterOrDigit(padded[i])) {
                h = (h ^ padded[i]) * FNV_PRIME;
                i++;
            }
            long word = mix(h);
            sink.add((int) word & mask, word < 0 ? -1f : 1f);
            n++;
            if (previous != 0) {
                long bigram = mix(previous * 31 + word + BIGRAM_SEED);
                sink.add((int) bigram & mask, bigram < 0 ? -1f : 1f);
                n++;
            }
            previous = word;
        }
        return n;
    }

    /** Gives {@code sink} the {@code named} features, each valued {@code ±value}. */
    public void named(Collection<String> named, float value, Sink sink) {
        for (String name : named) {
            long h = NAMED_SEED;
            for (int k = 0; k < name.length(); k++) {
                h = (h ^ name.charAt(k)) * FNV_PRIME;
            }
            long mixed = mix(h);
            sink.add((int) mixed & mask, mixed < 0 ? -value : value);
        }
    }

    /** A 64-bit finalizer (from SplitMix64): spreads every input bit over the result. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
