package dev.switchboard.guard.ner;

import java.util.Arrays;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Turns the words of one segment (a sentence or a line) into hashed feature ids per word: the
 * word, its shape, affixes and capitalization, its neighbours, and which gazetteer lists it and its
 * neighbours are on. Ids are bucket numbers below {@code 1 << hashBits}; the model keeps one weight
 * per bucket and label. Stateless; the same code runs when training and when tagging.
 */
final class Features {

    private static final int BIAS = 1, WORD = 2, CASED = 3, SHAPE = 4, SHORT_SHAPE = 5, PREFIX = 6, SUFFIX = 7,
            CAPS = 8, PREV = 9, NEXT = 10, PREV2 = 11, NEXT2 = 12, PREV_SHAPE = 13, NEXT_SHAPE = 14,
            PREV_BIGRAM = 15, NEXT_BIGRAM = 16, SHAPE3 = 17, GAZ = 18, GAZ_CAPS = 19, PREV_GAZ = 20,
            NEXT_GAZ = 21, PHRASE = 22, LENGTH = 23, PREV_WORD_SHAPE = 24, SHAPE_NEXT_WORD = 25, NO_GAZ_CAPS = 26,
            PREV_CAPS_NEXT_CAPS = 27, PREV2_GAZ = 28, NEXT2_GAZ = 29, GAZ_PREV_WORD = 30;

    /** Capitalization classes. */
    private static final int LOWER = 0, INITIAL_CAP = 1, ALL_CAPS = 2, SINGLE_CAP = 3, MIXED = 4, NO_LETTER = 5;

    private final Gazetteer gazetteer;
    private final int mask;

    Features(Gazetteer gazetteer, int hashBits) {
        this.gazetteer = gazetteer;
        this.mask = (1 << hashBits) - 1;
    }

    Gazetteer gazetteer() {
        return gazetteer;
    }

    /** Feature ids of each word; {@code words[0]} starts the segment. */
    int[][] extract(String[] words) {
        return extract(words, null, 0);
    }

    /**
     * As {@link #extract(String[])}, hiding each word's gazetteer flags with probability
     * {@code dropout} (training only: so the model also learns to find names no list knows).
     */
    int[][] extract(String[] words, RandomGenerator random, double dropout) {
        int n = words.length;
        int[] lower = new int[n + 4];
        int[] shape = new int[n + 4];
        int[] shortShape = new int[n + 4];
        int[] caps = new int[n + 4];
        int[] gaz = new int[n + 4];
        int[] phrase = new int[n];
        String[] lowered = new String[n];
        int boundary = 0x51ed27;
        Arrays.fill(lower, boundary);
        Arrays.fill(shape, boundary);
        Arrays.fill(shortShape, boundary);
        Arrays.fill(caps, 7);
        for (int i = 0; i < n; i++) {
            String word = words[i];
            String low = word.toLowerCase(Locale.ROOT);
            lowered[i] = low;
            lower[i + 2] = low.hashCode();
            shape[i + 2] = shapeHash(word, false);
            shortShape[i + 2] = shapeHash(word, true);
            caps[i + 2] = caps(word);
            int flags = gazetteer.flags(low);
            if (flags == 0 && low.length() > 2 && low.endsWith(".")) {
                flags = gazetteer.flags(low.substring(0, low.length() - 1));
            }
            gaz[i + 2] = flags;
        }
        for (int i = 0; i < n; i++) {
            if ((gaz[i + 2] & Gazetteer.PHRASE_START) == 0) {
                continue;
            }
            for (int len = Math.min(Gazetteer.MAX_PHRASE_WORDS, n - i); len >= 2; len--) {
                StringBuilder joined = new StringBuilder(lowered[i]);
                for (int k = 1; k < len; k++) {
                    joined.append(' ').append(lowered[i + k]);
                }
                int flags = gazetteer.flags(joined.toString()) & ~Gazetteer.PHRASE_START;
                if (flags != 0) {
                    for (int k = 0; k < len; k++) {
                        phrase[i + k] |= flags << 1 | (k == 0 ? 1 : 0);
                    }
                    break;
                }
            }
        }
        if (random != null) {
            for (int i = 0; i < n; i++) {
                if (random.nextDouble() < dropout) {
                    gaz[i + 2] = 0;
                    phrase[i] = 0;
                }
            }
        }
        int[][] out = new int[n][];
        int[] buffer = new int[96];
        for (int i = 0; i < n; i++) {
            int c = i + 2;
            int f = 0;
            boolean first = i == 0;
            buffer[f++] = h(BIAS, 0);
            buffer[f++] = h(WORD, lower[c]);
            buffer[f++] = h(CASED, words[i].hashCode());
            buffer[f++] = h(SHAPE, shape[c]);
            buffer[f++] = h(SHORT_SHAPE, shortShape[c]);
            String low = lowered[i];
            int affix = 0;
            for (int k = 1; k <= 3 && k <= low.length(); k++) {
                affix = affix * 31 + low.charAt(k - 1);
                buffer[f++] = h(PREFIX, k, affix);
            }
            affix = 0;
            for (int k = 1; k <= 4 && k <= low.length(); k++) {
                affix = affix * 31 + low.charAt(low.length() - k);
                buffer[f++] = h(SUFFIX, k, affix);
            }
            buffer[f++] = h(CAPS, caps[c], first ? 1 : 0);
            buffer[f++] = h(LENGTH, Math.min(low.length(), 8), caps[c]);
            buffer[f++] = h(PREV, lower[c - 1]);
            buffer[f++] = h(NEXT, lower[c + 1]);
            buffer[f++] = h(PREV2, lower[c - 2]);
            buffer[f++] = h(NEXT2, lower[c + 2]);
            buffer[f++] = h(PREV_SHAPE, shortShape[c - 1]);
            buffer[f++] = h(NEXT_SHAPE, shortShape[c + 1]);
            buffer[f++] = h(PREV_BIGRAM, lower[c - 1], lower[c]);
            buffer[f++] = h(NEXT_BIGRAM, lower[c], lower[c + 1]);
            buffer[f++] = h(SHAPE3, shortShape[c - 1] * 31 + shortShape[c], shortShape[c + 1]);
            buffer[f++] = h(PREV_WORD_SHAPE, lower[c - 1], shortShape[c]);
            buffer[f++] = h(SHAPE_NEXT_WORD, shortShape[c], lower[c + 1]);
            buffer[f++] = h(PREV_CAPS_NEXT_CAPS, caps[c - 1] * 8 + caps[c], caps[c + 1]);
            int flags = gaz[c] & ~Gazetteer.PHRASE_START;
            if (flags == 0) {
                buffer[f++] = h(NO_GAZ_CAPS, caps[c], first ? 1 : 0);
            }
            for (int bit = 0; bit < Gazetteer.FLAG_COUNT && f < buffer.length - 12; bit++) {
                if ((flags >>> bit & 1) != 0) {
                    buffer[f++] = h(GAZ, bit);
                    buffer[f++] = h(GAZ_CAPS, bit, caps[c] * 2 + (first ? 1 : 0));
                    buffer[f++] = h(GAZ_PREV_WORD, bit, lower[c - 1]);
                }
                if ((gaz[c - 1] >>> bit & 1) != 0) {
                    buffer[f++] = h(PREV_GAZ, bit);
                }
                if ((gaz[c + 1] >>> bit & 1) != 0) {
                    buffer[f++] = h(NEXT_GAZ, bit, caps[c + 1]);
                }
                if ((gaz[c - 2] >>> bit & 1) != 0) {
                    buffer[f++] = h(PREV2_GAZ, bit);
                }
                if ((gaz[c + 2] >>> bit & 1) != 0) {
                    buffer[f++] = h(NEXT2_GAZ, bit);
                }
                if ((phrase[i] >>> bit + 1 & 1) != 0) {
                    buffer[f++] = h(PHRASE, bit, phrase[i] & 1);
                }
            }
            int[] ids = Arrays.copyOf(buffer, f);
            for (int k = 0; k < f; k++) {
                ids[k] &= mask;
            }
            out[i] = ids;
        }
        return out;
    }

    private static int h(int template, int a) {
        return mix(template * 0x9E3779B1 ^ mix(a));
    }

    private static int h(int template, int a, int b) {
        return mix(template * 0x9E3779B1 ^ mix(a) * 31 ^ mix(b + 0x7f4a7c15));
    }

    private static int mix(int x) {
        x ^= x >>> 16;
        x *= 0x85ebca6b;
        x ^= x >>> 13;
        x *= 0xc2b2ae35;
        x ^= x >>> 16;
        return x;
    }

    /** Hash of the word's shape: X for upper, x for lower, d for digit; collapsed runs when short. */
    private static int shapeHash(String word, boolean collapse) {
        int h = 17;
        char last = 0;
        int length = 0;
        for (int i = 0; i < word.length() && length < 12; i++) {
            char c = word.charAt(i);
            char s = Character.isUpperCase(c) ? 'X' : Character.isLetter(c) ? 'x' : Character.isDigit(c) ? 'd'
                    : Character.isSurrogate(c) ? 'u' : c;
            if (collapse && s == last) {
                continue;
            }
            last = s;
            h = h * 31 + s;
            length++;
        }
        return h;
    }

    private static int caps(String word) {
        int upper = 0;
        int letters = 0;
        boolean firstUpper = false;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (Character.isLetter(c)) {
                if (Character.isUpperCase(c)) {
                    upper++;
                    if (letters == 0) {
                        firstUpper = true;
                    }
                }
                letters++;
            }
        }
        if (letters == 0) {
            return NO_LETTER;
        }
        if (upper == 0) {
            return LOWER;
        }
        if (letters == 1) {
            return SINGLE_CAP;
        }
        if (upper == letters) {
            return ALL_CAPS;
        }
        return firstUpper && upper == 1 ? INITIAL_CAP : MIXED;
    }
}
