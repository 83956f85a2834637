package dev.switchboard.guard.ner;

/**
 * The tagger's label scores for the words of a segment, equal to
 * {@code tagger.emissions(features.extract(words))} but cheaper: the features of a word that do
 * not look at its neighbours (its form, shape, affixes, capitalization, about half of them) are
 * summed once per distinct word and kept in a small cache, along with the word's description
 * ({@link Features.Word}), so a word seen before costs one table probe instead of a dozen random
 * reads of the 15 MB weight table, and its lower-cased form and gazetteer flags are not computed
 * again. Words are looked up by their chars in the text: no string is made for a word already in
 * the cache.
 *
 * <p>Thread-safe: the cache is a fixed array of immutable entries, written without locks (a lost
 * write only costs a recomputation), so its memory is bounded whatever the input.
 */
final class WordScores {

    /** Cache slots: 16k entries of a few hundred bytes at most. */
    private static final int TABLE_BITS = 14;
    /** Longer words are scored but not cached (rare in prose; links and hostile runs would churn it). */
    static final int MAX_CACHED_CHARS = 40;

    private final Features features;
    private final LinearChainModel tagger;
    private final Entry[] table = new Entry[1 << TABLE_BITS];

    /**
     * One word: its description and the per-label sums of the weights of its own features when it
     * does not start its segment ({@code own}) and when it does ({@code ownFirst}). Immutable.
     */
    record Entry(Features.Word word, int[] own, int[] ownFirst, int ownIds) {
    }

    WordScores(Features features, LinearChainModel tagger) {
        if (features.hashBits() != tagger.hashBits) {
            throw new IllegalArgumentException("features hash to " + features.hashBits() + " bits, the model has "
                    + tagger.hashBits);
        }
        this.features = features;
        this.tagger = tagger;
    }

    /** The entry of the word {@code text[start, end)}. */
    Entry of(String text, int start, int end) {
        int length = end - start;
        if (length > MAX_CACHED_CHARS) {
            return entry(text.substring(start, end));
        }
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + text.charAt(i);
        }
        int slot = (hash ^ hash >>> 16) * 0x9E3779B1 >>> (32 - TABLE_BITS);
        Entry cached = table[slot];
        if (cached != null && cached.word().word().length() == length
                && text.regionMatches(start, cached.word().word(), 0, length)) {
            return cached;
        }
        Entry fresh = entry(text.substring(start, end));
        table[slot] = fresh;
        return fresh;
    }

    private Entry entry(String word) {
        Features.Word described = features.describe(word);
        int[] buffer = new int[Features.BUFFER_IDS];
        int[] own = new int[LinearChainModel.LABEL_COUNT];
        int count = features.ownIds(described, false, described.flags(), buffer, 0);
        tagger.addWeights(buffer, 0, count, own);
        int[] ownFirst = new int[LinearChainModel.LABEL_COUNT];
        tagger.addWeights(buffer, 0, features.ownIds(described, true, described.flags(), buffer, 0), ownFirst);
        return new Entry(described, own, ownFirst, count);
    }

    /**
     * Label scores of the words {@code entries[from..to)}, a segment, as
     * {@code LinearChainModel.emissions} gives them for its feature ids.
     *
     * @param words the descriptions of the entries ({@code words[i] == entries[i].word()})
     */
    double[][] emissions(Entry[] entries, Features.Word[] words, int from, int to) {
        Features.Segment segment = features.new Segment(words, from, to);
        int[] buffer = new int[Features.BUFFER_IDS];
        int[] sums = new int[LinearChainModel.LABEL_COUNT];
        double[][] out = new double[to - from][];
        for (int i = 0; i < to - from; i++) {
            Entry entry = entries[from + i];
            System.arraycopy(i == 0 ? entry.ownFirst() : entry.own(), 0, sums, 0, sums.length);
            // context ids come after the own ones, whose count decides where the gazetteer ids stop
            int end = features.contextIds(segment, i, buffer, entry.ownIds());
            tagger.addWeights(buffer, entry.ownIds(), end, sums);
            out[i] = tagger.scaled(sums);
        }
        return out;
    }
}
