package dev.switchboard.guard.ner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Word and phrase lists the tagger uses as features: which lower-cased words and phrases are
 * first names, surnames, cities, countries, company words, titles and so on, as bit flags.
 *
 * <p>Keys are stored as 64-bit hashes in an open-addressing table (a few MB for ~150k entries
 * rather than tens of MB of strings). Immutable and thread-safe once built.
 */
final class Gazetteer {

    static final int FIRST_NAME = 1;
    static final int SURNAME = 1 << 1;
    static final int CITY = 1 << 2;
    static final int REGION = 1 << 3;
    static final int COUNTRY = 1 << 4;
    static final int COMPANY_WORD = 1 << 5;
    static final int LEGAL_SUFFIX = 1 << 6;
    static final int HONORIFIC = 1 << 7;
    static final int NRP = 1 << 8;
    static final int COMMON_FIRST_NAME = 1 << 9;
    static final int COMMON_SURNAME = 1 << 10;
    static final int BIG_CITY = 1 << 11;
    static final int OCCUPATION = 1 << 12;
    static final int ORG_KEYWORD = 1 << 13;
    static final int COMPANY = 1 << 14;
    static final int LOCATION_WORD = 1 << 15;
    /** Set on a word that starts some phrase of two or more words. */
    static final int PHRASE_START = 1 << 16;
    static final int FLAG_COUNT = 17;

    /** Longest phrase looked up, in words. */
    static final int MAX_PHRASE_WORDS = 4;

    /** Bits of {@link #openings}: 128 KB, small enough to stay in cache, unlike the table of keys. */
    private static final int OPENING_BITS = 20;

    private final long[] keys;
    private final int[] flags;
    private final int mask;
    private final int size;
    /**
     * A Bloom filter (one hash) of the first two words of every phrase of two or more words: a
     * pair not in it starts no phrase, so the longer lookups after it are skipped.
     */
    private final long[] openings;

    private Gazetteer(long[] keys, int[] flags, int size, long[] openings) {
        this.keys = keys;
        this.flags = flags;
        this.mask = keys.length - 1;
        this.size = size;
        this.openings = openings;
    }

    /** Flags of a lower-cased word or space-joined phrase; 0 when unknown. */
    int flags(String lowerCased) {
        return flagsOfKey(hash(lowerCased));
    }

    /**
     * Flags of the phrase whose chars were fed to {@link #extend} from {@link #HASH_START}:
     * {@code flagsOfHashState(extend(extend(extend(HASH_START, "new"), ' '), "york"))} is
     * {@code flags("new york")}, without building the string.
     */
    int flagsOfHashState(long state) {
        return flagsOfKey(finish(state));
    }

    /**
     * False when no phrase starts with the two words whose chars (joined by a space) were fed to
     * {@link #extend} from {@link #HASH_START}; true when some may.
     */
    boolean mayOpenPhrase(long state) {
        int bit = openingBit(finish(state));
        return (openings[bit >>> 6] >>> bit & 1) != 0;
    }

    private static int openingBit(long key) {
        return (int) (key >>> 64 - OPENING_BITS);
    }

    private int flagsOfKey(long key) {
        for (int slot = (int) (key ^ key >>> 32) & mask; ; slot = slot + 1 & mask) {
            if (keys[slot] == 0) {
                return 0;
            }
            if (keys[slot] == key) {
                return flags[slot];
            }
        }
    }

    int size() {
        return size;
    }

    /** The state of {@link #hash} before any char. */
    static final long HASH_START = 0xcbf29ce484222325L;

    static long hash(String s) {
        return finish(extend(HASH_START, s));
    }

    /** {@code state} after the chars of {@code s} (FNV-1a). */
    static long extend(long state, String s) {
        long h = state;
        for (int i = 0; i < s.length(); i++) {
            h = extend(h, s.charAt(i));
        }
        return h;
    }

    /** {@code state} after {@code c}. */
    static long extend(long state, char c) {
        return (state ^ c) * 0x100000001b3L;
    }

    private static long finish(long state) {
        long h = state;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }

    /** Builds a gazetteer from lines of {@code phrase<TAB>flags}, lower-cased phrases. */
    static Gazetteer read(InputStream gzipped) {
        Builder builder = new Builder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(gzipped), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                int tab = line.lastIndexOf('\t');
                if (tab > 0) {
                    builder.add(line.substring(0, tab), Integer.parseInt(line, tab + 1, line.length(), 10));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the gazetteer", e);
        }
        return builder.build();
    }

    /** Collects phrases and their flags; adding a phrase twice ORs the flags. */
    static final class Builder {
        private long[] keys = new long[1 << 12];
        private int[] flags = new int[1 << 12];
        private int size;
        private final long[] openings = new long[1 << OPENING_BITS - 6];

        Builder add(String phrase, int phraseFlags) {
            String lower = phrase.toLowerCase(Locale.ROOT).strip();
            if (lower.isEmpty() || phraseFlags == 0) {
                return this;
            }
            put(hash(lower), phraseFlags);
            int space = lower.indexOf(' ');
            if (space > 0) {
                put(hash(lower.substring(0, space)), PHRASE_START);
                int second = lower.indexOf(' ', space + 1);
                int bit = openingBit(hash(second < 0 ? lower : lower.substring(0, second)));
                openings[bit >>> 6] |= 1L << bit;
            }
            return this;
        }

        private void put(long key, int value) {
            if (size * 2 >= keys.length) {
                grow();
            }
            int mask = keys.length - 1;
            for (int slot = (int) (key ^ key >>> 32) & mask; ; slot = slot + 1 & mask) {
                if (keys[slot] == 0) {
                    keys[slot] = key;
                    flags[slot] = value;
                    size++;
                    return;
                }
                if (keys[slot] == key) {
                    flags[slot] |= value;
                    return;
                }
            }
        }

        private void grow() {
            long[] oldKeys = keys;
            int[] oldFlags = flags;
            keys = new long[oldKeys.length * 2];
            flags = new int[oldKeys.length * 2];
            size = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != 0) {
                    put(oldKeys[i], oldFlags[i]);
                }
            }
        }

        Gazetteer build() {
            return new Gazetteer(keys.clone(), flags.clone(), size, openings.clone());
        }
    }
}
