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
            PREV_BIGRAM = 15, NEXT_BIGRAM = 16, GAZ = 18, GAZ_CAPS = 19, PREV_GAZ = 20,
            NEXT_GAZ = 21, PHRASE = 22, LENGTH = 23, PREV_WORD_SHAPE = 24, NO_GAZ_CAPS = 26,
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

    int hashBits() {
        return Integer.bitCount(mask);
    }

    /**
     * What the features read of one word on its own: its exact and lower-cased forms, their hashes,
     * its shapes and capitalization class, its gazetteer flags (with {@link Gazetteer#PHRASE_START}),
     * and its hash and short shape mixed for the features that read two words ({@link Mixed}).
     * Immutable; {@link WordScores} caches one per distinct word.
     */
    record Word(String word, String lower, int lowerHash, int shape, int shortShape, int caps, int flags,
                Mixed mixed) {
    }

    /**
     * A word's lower-case hash and short shape as {@link #asFirst} and {@link #asSecond} make them:
     * the halves of the ids of the features that read two words, computed once per distinct word.
     */
    record Mixed(int lowerAsFirst, int lowerAsSecond, int shapeAsSecond) {
        static Mixed of(int lowerHash, int shortShape) {
            return new Mixed(asFirst(lowerHash), asSecond(lowerHash), asSecond(shortShape));
        }
    }

    /** Describes one word (see {@link Word}). */
    Word describe(String word) {
        String low = word.toLowerCase(Locale.ROOT);
        int flags = gazetteer.flags(low);
        if (flags == 0 && low.length() > 2 && low.endsWith(".")) {
            flags = gazetteer.flags(low.substring(0, low.length() - 1));
        }
        int shortShape = shapeHash(word, true);
        return new Word(word, low, low.hashCode(), shapeHash(word, false), shortShape, caps(word), flags,
                Mixed.of(low.hashCode(), shortShape));
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
        Word[] described = new Word[n];
        for (int i = 0; i < n; i++) {
            described[i] = describe(words[i]);
        }
        Segment segment = new Segment(described, 0, n);
        if (random != null) {
            for (int i = 0; i < n; i++) {
                if (random.nextDouble() < dropout) {
                    segment.gaz[i + 2] = 0;
                    segment.phrase[i] = 0;
                }
            }
        }
        int[][] out = new int[n][];
        int[] buffer = new int[BUFFER_IDS];
        for (int i = 0; i < n; i++) {
            int f = ownIds(described[i], i == 0, segment.gaz[i + 2], buffer, 0);
            f = contextIds(segment, i, buffer, f);
            out[i] = Arrays.copyOf(buffer, f);
        }
        return out;
    }

    /** How many ids {@link #windowIds} writes. */
    static final int WINDOW_IDS = 3;
    /** Room for the ids of one word; the gazetteer ids stop {@value #GAZ_RESERVE} short of it. */
    static final int BUFFER_IDS = 96;
    private static final int GAZ_RESERVE = 12;
    private static final int BOUNDARY = 0x51ed27;
    private static final int BOUNDARY_CAPS = 7;
    private static final Mixed BOUNDARY_MIXED = Mixed.of(BOUNDARY, BOUNDARY);

    /**
     * One segment's words laid out for the context features: hashes, shapes, capitalization and
     * gazetteer flags with two boundary slots on each side, and the gazetteer phrases each word is in.
     */
    final class Segment {
        final Word[] words;
        final int from;
        final int n;
        final int[] lower;
        final int[] shortShape;
        final int[] caps;
        final int[] gaz;
        final int[] phrase;
        final Mixed[] mixed;

        /** The words {@code words[from..to)}. */
        Segment(Word[] words, int from, int to) {
            this.words = words;
            this.from = from;
            this.n = to - from;
            lower = new int[n + 4];
            shortShape = new int[n + 4];
            caps = new int[n + 4];
            gaz = new int[n + 4];
            phrase = new int[n];
            mixed = new Mixed[n + 4];
            for (int slot : new int[] {0, 1, n + 2, n + 3}) { // the boundary slots; the words fill the others
                mixed[slot] = BOUNDARY_MIXED;
                lower[slot] = BOUNDARY;
                shortShape[slot] = BOUNDARY;
                caps[slot] = BOUNDARY_CAPS;
            }
            for (int i = 0; i < n; i++) {
                Word w = words[from + i];
                lower[i + 2] = w.lowerHash();
                mixed[i + 2] = w.mixed();
                shortShape[i + 2] = w.shortShape();
                caps[i + 2] = w.caps();
                gaz[i + 2] = w.flags();
            }
            for (int i = 0; i < n; i++) {
                if ((gaz[i + 2] & Gazetteer.PHRASE_START) == 0) {
                    continue;
                }
                int longest = Math.min(Gazetteer.MAX_PHRASE_WORDS, n - i);
                if (longest < 2) {
                    continue;
                }
                long[] states = new long[longest + 1]; // hash states of the phrases of 1, 2, ... words
                states[1] = Gazetteer.extend(Gazetteer.HASH_START, words[from + i].lower());
                states[2] = Gazetteer.extend(Gazetteer.extend(states[1], ' '), words[from + i + 1].lower());
                if (!gazetteer.mayOpenPhrase(states[2])) {
                    continue;
                }
                for (int k = 3; k <= longest; k++) {
                    states[k] = Gazetteer.extend(Gazetteer.extend(states[k - 1], ' '), words[from + i + k - 1].lower());
                }
                for (int len = longest; len >= 2; len--) {
                    int flags = gazetteer.flagsOfHashState(states[len]) & ~Gazetteer.PHRASE_START;
                    if (flags != 0) {
                        for (int k = 0; k < len; k++) {
                            phrase[i + k] |= flags << 1 | (k == 0 ? 1 : 0);
                        }
                        break;
                    }
                }
            }
        }
    }

    /**
     * The ids of the features of a word that depend on nothing but the word, whether it starts its
     * segment and its gazetteer flags {@code gaz} (0 when hidden): written to {@code buffer} from
     * {@code f}; returns the new end. These come first in a word's ids and never hit the buffer's end.
     */
    int ownIds(Word w, boolean first, int gaz, int[] buffer, int f) {
        String low = w.lower();
        buffer[f++] = h(BIAS, 0) & mask;
        buffer[f++] = h(WORD, w.lowerHash()) & mask;
        buffer[f++] = h(CASED, w.word().hashCode()) & mask;
        buffer[f++] = h(SHAPE, w.shape()) & mask;
        buffer[f++] = h(SHORT_SHAPE, w.shortShape()) & mask;
        int affix = 0;
        for (int k = 1; k <= 3 && k <= low.length(); k++) {
            affix = affix * 31 + low.charAt(k - 1);
            buffer[f++] = h(PREFIX, k, affix) & mask;
        }
        affix = 0;
        for (int k = 1; k <= 4 && k <= low.length(); k++) {
            affix = affix * 31 + low.charAt(low.length() - k);
            buffer[f++] = h(SUFFIX, k, affix) & mask;
        }
        buffer[f++] = h(CAPS, w.caps(), first ? 1 : 0) & mask;
        buffer[f++] = h(LENGTH, Math.min(low.length(), 8), w.caps()) & mask;
        if ((gaz & ~Gazetteer.PHRASE_START) == 0) {
            buffer[f++] = h(NO_GAZ_CAPS, w.caps(), first ? 1 : 0) & mask;
        }
        return f;
    }

    /**
     * The ids of the features of word {@code i} of {@code s} that look at its neighbours or its
     * gazetteer flags, after its {@link #ownIds own} ones (which end at {@code f}): written to
     * {@code buffer} from {@code f}; returns the new end. Gazetteer ids stop when the buffer is
     * nearly full, so the count of own ids matters and the two must be called in this order.
     *
     * <p>The ids come in three groups, which {@link WordScores} sums separately: those that read
     * one neighbour alone ({@link #neighbourIds}), those that read the word with its neighbours
     * ({@link #windowIds}, {@link #capsId}), and per gazetteer flag (up to {@link #GAZETTEER_IDS_END}).
     */
    int contextIds(Segment s, int i, int[] buffer, int f) {
        int c = i + 2;
        int[] lower = s.lower;
        int[] shortShape = s.shortShape;
        int[] caps = s.caps;
        int[] gaz = s.gaz;
        f = neighbourIds(-1, lower[c - 1], shortShape[c - 1], buffer, f);
        f = neighbourIds(1, lower[c + 1], shortShape[c + 1], buffer, f);
        f = neighbourIds(-2, lower[c - 2], shortShape[c - 2], buffer, f);
        f = neighbourIds(2, lower[c + 2], shortShape[c + 2], buffer, f);
        f = windowIds(s, c, buffer, f);
        buffer[f++] = capsId(caps[c - 1], caps[c], caps[c + 1]);
        boolean first = i == 0;
        int flags = gaz[c] & ~Gazetteer.PHRASE_START;
        int phrase = s.phrase[i];
        for (int bit = 0; bit < Gazetteer.FLAG_COUNT && f < GAZETTEER_IDS_END; bit++) {
            if ((flags >>> bit & 1) != 0) {
                buffer[f++] = gazetteerId(bit);
                buffer[f++] = gazetteerCapsId(bit, caps[c], first);
                buffer[f++] = gazetteerPreviousWordId(bit, s, c);
            }
            if ((gaz[c - 1] >>> bit & 1) != 0) {
                buffer[f++] = previousGazetteerId(bit);
            }
            if ((gaz[c + 1] >>> bit & 1) != 0) {
                buffer[f++] = nextGazetteerId(bit, caps[c + 1]);
            }
            if ((gaz[c - 2] >>> bit & 1) != 0) {
                buffer[f++] = previous2GazetteerId(bit);
            }
            if ((gaz[c + 2] >>> bit & 1) != 0) {
                buffer[f++] = next2GazetteerId(bit);
            }
            if ((phrase >>> bit + 1 & 1) != 0) {
                buffer[f++] = phraseId(bit, (phrase & 1) != 0);
            }
        }
        return f;
    }

    /** How many ids {@link #contextIds} writes before the gazetteer ones. */
    static final int FIXED_CONTEXT_IDS = 7 + WINDOW_IDS;
    /** The gazetteer ids of a word stop once its ids reach this count (checked before each flag). */
    static final int GAZETTEER_IDS_END = BUFFER_IDS - GAZ_RESERVE;

    /**
     * The ids of the features of a word that read nothing but its neighbour at {@code offset}
     * (-2, -1, 1 or 2 words away): that neighbour's lower-case hash and short shape, or
     * {@link #boundaryHash()} for both past the segment's ends.
     */
    int neighbourIds(int offset, int lowerHash, int shortShape, int[] buffer, int f) {
        switch (offset) {
            case -1 -> {
                buffer[f++] = h(PREV, lowerHash) & mask;
                buffer[f++] = h(PREV_SHAPE, shortShape) & mask;
            }
            case 1 -> {
                buffer[f++] = h(NEXT, lowerHash) & mask;
                buffer[f++] = h(NEXT_SHAPE, shortShape) & mask;
            }
            case -2 -> buffer[f++] = h(PREV2, lowerHash) & mask;
            case 2 -> buffer[f++] = h(NEXT2, lowerHash) & mask;
            default -> throw new IllegalArgumentException("no neighbour features at offset " + offset);
        }
        return f;
    }

    /** The lower-case hash and short shape features see past the ends of a segment. */
    static int boundaryHash() {
        return BOUNDARY;
    }

    /**
     * The ids of the features that read word {@code c} of {@code s} (counting the two boundary
     * slots before its first word) together with a neighbour: the two word bigrams and the
     * previous word with this word's shape ({@value #WINDOW_IDS} ids). Each is a read at random
     * in the weight table per word, so there are few: a shape trigram and "own shape, next word"
     * were dropped, as three trainings with different seeds scored the same without them.
     */
    int windowIds(Segment s, int c, int[] buffer, int f) {
        Mixed previous = s.mixed[c - 1];
        Mixed word = s.mixed[c];
        Mixed next = s.mixed[c + 1];
        buffer[f++] = combine(PREV_BIGRAM, previous.lowerAsFirst(), word.lowerAsSecond()) & mask;
        buffer[f++] = combine(NEXT_BIGRAM, word.lowerAsFirst(), next.lowerAsSecond()) & mask;
        buffer[f++] = combine(PREV_WORD_SHAPE, previous.lowerAsFirst(), word.shapeAsSecond()) & mask;
        return f;
    }


    /** The id of the capitalization classes of a word and its two neighbours. */
    int capsId(int prevCaps, int caps, int nextCaps) {
        return h(PREV_CAPS_NEXT_CAPS, prevCaps * 8 + caps, nextCaps) & mask;
    }

    /** The id of gazetteer flag {@code bit} being set on the word itself. */
    int gazetteerId(int bit) {
        return h(GAZ, bit) & mask;
    }

    /** The id of flag {@code bit} on a word of capitalization class {@code caps}, first in its segment or not. */
    int gazetteerCapsId(int bit, int caps, boolean first) {
        return h(GAZ_CAPS, bit, caps * 2 + (first ? 1 : 0)) & mask;
    }

    /** The id of flag {@code bit} on word {@code c} of {@code s}, with the word before it. */
    int gazetteerPreviousWordId(int bit, Segment s, int c) {
        return combine(GAZ_PREV_WORD, BITS_AS_FIRST[bit], s.mixed[c - 1].lowerAsSecond()) & mask;
    }

    /** The id of flag {@code bit} on the previous word. */
    int previousGazetteerId(int bit) {
        return h(PREV_GAZ, bit) & mask;
    }

    /** The id of flag {@code bit} on the next word, of capitalization class {@code nextCaps}. */
    int nextGazetteerId(int bit, int nextCaps) {
        return h(NEXT_GAZ, bit, nextCaps) & mask;
    }

    /** The id of flag {@code bit} on the word two before. */
    int previous2GazetteerId(int bit) {
        return h(PREV2_GAZ, bit) & mask;
    }

    /** The id of flag {@code bit} on the word two after. */
    int next2GazetteerId(int bit) {
        return h(NEXT2_GAZ, bit) & mask;
    }

    /** The id of the word being in a gazetteer phrase of flag {@code bit}, as its first word or not. */
    int phraseId(int bit, boolean phraseStart) {
        return h(PHRASE, bit, phraseStart ? 1 : 0) & mask;
    }

    private static int h(int template, int a) {
        return mix(template * 0x9E3779B1 ^ mix(a));
    }

    private static int h(int template, int a, int b) {
        return combine(template, asFirst(a), asSecond(b));
    }

    /** The hash of a feature of {@code template} that reads two values, from {@link #asFirst} and {@link #asSecond} of them. */
    private static int combine(int template, int first, int second) {
        return mix(template * 0x9E3779B1 ^ first ^ second);
    }

    private static int asFirst(int a) {
        return mix(a) * 31;
    }

    private static int asSecond(int b) {
        return mix(b + 0x7f4a7c15);
    }

    private static final int[] BITS_AS_FIRST = java.util.stream.IntStream.range(0, Gazetteer.FLAG_COUNT)
            .map(Features::asFirst).toArray();

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
