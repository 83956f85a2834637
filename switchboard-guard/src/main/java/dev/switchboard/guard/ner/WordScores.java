package dev.switchboard.guard.ner;

/**
 * The tagger's label scores for the words of a segment, equal to
 * {@code tagger.emissions(features.extract(words))} but cheaper. Weights are summed as integers,
 * so any order gives the same sums, and most sums are read from where they are already summed:
 * <ul>
 *   <li>the features of a word that do not look at its neighbours (its form, shape, affixes,
 *       capitalization, about half of them) are summed once per distinct word and kept in a small
 *       cache, along with the word's description ({@link Features.Word}), so a word seen before
 *       costs one table probe instead of a dozen random reads of the 15 MB weight table, and its
 *       lower-cased form and gazetteer flags are not computed again;</li>
 *   <li>so are, in the same entry, the features a word gives the words around it (the previous
 *       word's form and shape, the one two back, ...);</li>
 *   <li>the features that read only capitalization classes and gazetteer flags take few values
 *       and are summed for all of them when the scores are built.</li>
 * </ul>
 * Only the features of word pairs and triples are read from the weight table per word. Words are
 * looked up by their chars in the text: no string is made for a word already in the cache.
 *
 * <p>Thread-safe: the cache is a fixed array of immutable entries, written without locks (a lost
 * write only costs a recomputation), so its memory is bounded whatever the input.
 */
final class WordScores {

    /** Cache slots: 16k entries of a few hundred bytes at most. */
    private static final int TABLE_BITS = 14;
    /** Longer words are scored but not cached (rare in prose; links and hostile runs would churn it). */
    static final int MAX_CACHED_CHARS = 40;

    private static final int LABELS = LinearChainModel.LABEL_COUNT;
    /** Where a neighbour is from the word that reads it, in the order of {@link Entry#asNeighbour()}. */
    private static final int[] OFFSETS = {-2, -1, 1, 2};
    /** Capitalization classes, boundary included, are below this. */
    private static final int CAPS_CLASSES = 8;
    private static final int FLAGS = Gazetteer.FLAG_COUNT;

    private final Features features;
    private final LinearChainModel tagger;
    private final Entry[] table = new Entry[1 << TABLE_BITS];
    /** As {@link Entry#asNeighbour()}, for the boundary past a segment's ends. */
    private final int[] boundaryAsNeighbour;
    /** Per capitalization classes of the previous word, the word and the next one. */
    private final int[] capsSums;
    /** Per flag, capitalization class and whether the word is first: its own flag and flag-with-caps ids. */
    private final int[] ownFlagSums;
    /** Per flag, the sums of the flag on the word two before, one before, and two after. */
    private final int[] previous2FlagSums;
    private final int[] previousFlagSums;
    private final int[] next2FlagSums;
    /** Per flag and capitalization class of the next word: the flag on it. */
    private final int[] nextFlagSums;
    /** Per flag and whether the word starts the phrase: the word being in a phrase of that flag. */
    private final int[] phraseSums;

    /**
     * One word: its description, the per-label sums of the weights of its own features when it
     * does not start its segment ({@code own}) and when it does ({@code ownFirst}), how many own
     * features it has, and the sums of the features it gives a word two after it, one after it,
     * one before it and two before it ({@code asNeighbour}, {@value LinearChainModel#LABEL_COUNT}
     * labels each, in that order). Immutable.
     */
    record Entry(Features.Word word, int[] own, int[] ownFirst, int ownIds, int[] asNeighbour) {
    }

    WordScores(Features features, LinearChainModel tagger) {
        if (features.hashBits() != tagger.hashBits) {
            throw new IllegalArgumentException("features hash to " + features.hashBits() + " bits, the model has "
                    + tagger.hashBits);
        }
        this.features = features;
        this.tagger = tagger;
        boundaryAsNeighbour = asNeighbour(Features.boundaryHash(), Features.boundaryHash());
        int[] ids = new int[1];
        capsSums = new int[CAPS_CLASSES * CAPS_CLASSES * CAPS_CLASSES * LABELS];
        for (int p = 0; p < CAPS_CLASSES; p++) {
            for (int c = 0; c < CAPS_CLASSES; c++) {
                for (int n = 0; n < CAPS_CLASSES; n++) {
                    ids[0] = features.capsId(p, c, n);
                    addWeights(ids, 1, capsSums, capsIndex(p, c, n));
                }
            }
        }
        ownFlagSums = new int[FLAGS * CAPS_CLASSES * 2 * LABELS];
        previous2FlagSums = new int[FLAGS * LABELS];
        previousFlagSums = new int[FLAGS * LABELS];
        next2FlagSums = new int[FLAGS * LABELS];
        nextFlagSums = new int[FLAGS * CAPS_CLASSES * LABELS];
        phraseSums = new int[FLAGS * 2 * LABELS];
        for (int bit = 0; bit < FLAGS; bit++) {
            for (int caps = 0; caps < CAPS_CLASSES; caps++) {
                for (int first = 0; first < 2; first++) {
                    int[] own = {features.gazetteerId(bit), features.gazetteerCapsId(bit, caps, first == 1)};
                    addWeights(own, 2, ownFlagSums, ((bit * CAPS_CLASSES + caps) * 2 + first) * LABELS);
                }
                ids[0] = features.nextGazetteerId(bit, caps);
                addWeights(ids, 1, nextFlagSums, (bit * CAPS_CLASSES + caps) * LABELS);
            }
            ids[0] = features.previous2GazetteerId(bit);
            addWeights(ids, 1, previous2FlagSums, bit * LABELS);
            ids[0] = features.previousGazetteerId(bit);
            addWeights(ids, 1, previousFlagSums, bit * LABELS);
            ids[0] = features.next2GazetteerId(bit);
            addWeights(ids, 1, next2FlagSums, bit * LABELS);
            for (int start = 0; start < 2; start++) {
                ids[0] = features.phraseId(bit, start == 1);
                addWeights(ids, 1, phraseSums, (bit * 2 + start) * LABELS);
            }
        }
    }

    private static int capsIndex(int previous, int caps, int next) {
        return ((previous * CAPS_CLASSES + caps) * CAPS_CLASSES + next) * LABELS;
    }

    /** Adds the weights of {@code ids[0..count)} to {@code sums[at..at + LABELS)}. */
    private void addWeights(int[] ids, int count, int[] sums, int at) {
        int[] row = new int[LABELS];
        tagger.addWeights(ids, 0, count, row);
        for (int y = 0; y < LABELS; y++) {
            sums[at + y] += row[y];
        }
    }

    /**
     * The sums of the features a word of these hashes gives the words it is a neighbour of: slot
     * {@code k} for a word that sees it at offset {@code OFFSETS[k]}.
     */
    private int[] asNeighbour(int lowerHash, int shortShape) {
        int[] sums = new int[OFFSETS.length * LABELS];
        int[] ids = new int[2];
        for (int k = 0; k < OFFSETS.length; k++) {
            int count = features.neighbourIds(OFFSETS[k], lowerHash, shortShape, ids, 0);
            addWeights(ids, count, sums, k * LABELS);
        }
        return sums;
    }

    /** The entry of the word {@code text[start, end)}. */
    Entry of(String text, int start, int end) {
        if (end - start > MAX_CACHED_CHARS) {
            return entry(text.substring(start, end));
        }
        return of(text, start, end, slot(text, start, end), null);
    }

    /**
     * The entries of the words of {@code tokens}, as {@link #of(String, int, int)} gives them, into
     * {@code out[0..tokens.size())}. In two passes: first the cache slot of every word is read,
     * then each is checked (and a word not in its slot described). The slots are at random in a
     * table and the entries all over the heap; read this way, the processor has many of them on
     * their way from memory at once instead of one word's after the other's.
     */
    void entries(String text, Tokens tokens, Entry[] out) {
        int n = tokens.size();
        int[] slots = new int[n];
        for (int i = 0; i < n; i++) {
            int start = tokens.start(i);
            int end = tokens.end(i);
            if (end - start > MAX_CACHED_CHARS) {
                slots[i] = -1;
            } else {
                slots[i] = slot(text, start, end);
                out[i] = table[slots[i]];
            }
        }
        for (int i = 0; i < n; i++) {
            int start = tokens.start(i);
            int end = tokens.end(i);
            out[i] = slots[i] < 0 ? entry(text.substring(start, end)) : of(text, start, end, slots[i], out[i]);
        }
    }

    private static int slot(String text, int start, int end) {
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + text.charAt(i);
        }
        return (hash ^ hash >>> 16) * 0x9E3779B1 >>> (32 - TABLE_BITS);
    }

    /** The entry of {@code text[start, end)} in {@code slot}, which held {@code seen} when last read (or null). */
    private Entry of(String text, int start, int end, int slot, Entry seen) {
        int length = end - start;
        if (seen != null && sameChars(seen.word().word(), text, start, length)) {
            return seen;
        }
        Entry cached = table[slot];
        if (cached != null && cached != seen && sameChars(cached.word().word(), text, start, length)) {
            return cached;
        }
        Entry fresh = entry(text.substring(start, end));
        table[slot] = fresh;
        return fresh;
    }

    /** {@code word} equals {@code text[start, start + length)}; a plain loop beats regionMatches on words this short. */
    private static boolean sameChars(String word, String text, int start, int length) {
        if (word.length() != length) {
            return false;
        }
        for (int k = 0; k < length; k++) {
            if (word.charAt(k) != text.charAt(start + k)) {
                return false;
            }
        }
        return true;
    }

    private Entry entry(String word) {
        Features.Word described = features.describe(word);
        int[] buffer = new int[Features.BUFFER_IDS];
        int[] own = new int[LinearChainModel.LABEL_COUNT];
        int count = features.ownIds(described, false, described.flags(), buffer, 0);
        tagger.addWeights(buffer, 0, count, own);
        int[] ownFirst = new int[LinearChainModel.LABEL_COUNT];
        tagger.addWeights(buffer, 0, features.ownIds(described, true, described.flags(), buffer, 0), ownFirst);
        return new Entry(described, own, ownFirst, count, asNeighbour(described.lowerHash(), described.shortShape()));
    }

    /**
     * Fills {@code lattice.emissions} with the label scores of the words {@code entries[from..to)},
     * a segment, as {@code LinearChainModel.emissions} gives them for its feature ids.
     *
     * <p>First everything read from this object's small tables is summed per word, and the ids of
     * the features read from the weight table are collected; then those rows are read in one
     * tight loop, where the processor can have many of them on the way from memory at once (they
     * are at random in a table larger than its caches), and only then added.
     *
     * @param words the descriptions of the entries ({@code words[i] == entries[i].word()})
     */
    void emissions(Entry[] entries, Features.Word[] words, int from, int to, Lattice lattice) {
        Features.Segment segment = features.new Segment(words, from, to);
        int n = to - from;
        int[] caps = segment.caps;
        int[] gaz = segment.gaz;
        int[] sums = lattice.sums;
        int[] ids = lattice.ids;
        int[] idEnds = lattice.idEnds;
        int random = 0;
        for (int i = 0; i < n; i++) {
            Entry entry = entries[from + i];
            int at = i * LABELS;
            System.arraycopy(i == 0 ? entry.ownFirst() : entry.own(), 0, sums, at, LABELS);
            for (int k = 0; k < OFFSETS.length; k++) {
                int neighbour = i + OFFSETS[k];
                int[] given = neighbour >= 0 && neighbour < n ? entries[from + neighbour].asNeighbour() : boundaryAsNeighbour;
                add(given, k * LABELS, sums, at);
            }
            int c = i + 2;
            random = features.windowIds(segment, c, ids, random);
            add(capsSums, capsIndex(caps[c - 1], caps[c], caps[c + 1]), sums, at);
            // the gazetteer ids as Features.contextIds writes them: flag by flag while the count allows
            int f = entry.ownIds() + Features.FIXED_CONTEXT_IDS;
            int flags = gaz[c] & ~Gazetteer.PHRASE_START;
            int phrase = segment.phrase[i];
            int first = i == 0 ? 1 : 0;
            int any = (flags | gaz[c - 1] | gaz[c + 1] | gaz[c - 2] | gaz[c + 2] | phrase >>> 1) & (1 << FLAGS) - 1;
            for (int rest = any; rest != 0 && f < Features.GAZETTEER_IDS_END; rest &= rest - 1) {
                int bit = Integer.numberOfTrailingZeros(rest);
                if ((flags >>> bit & 1) != 0) {
                    add(ownFlagSums, ((bit * CAPS_CLASSES + caps[c]) * 2 + first) * LABELS, sums, at);
                    ids[random++] = features.gazetteerPreviousWordId(bit, segment, c);
                    f += 3;
                }
                if ((gaz[c - 1] >>> bit & 1) != 0) {
                    add(previousFlagSums, bit * LABELS, sums, at);
                    f++;
                }
                if ((gaz[c + 1] >>> bit & 1) != 0) {
                    add(nextFlagSums, (bit * CAPS_CLASSES + caps[c + 1]) * LABELS, sums, at);
                    f++;
                }
                if ((gaz[c - 2] >>> bit & 1) != 0) {
                    add(previous2FlagSums, bit * LABELS, sums, at);
                    f++;
                }
                if ((gaz[c + 2] >>> bit & 1) != 0) {
                    add(next2FlagSums, bit * LABELS, sums, at);
                    f++;
                }
                if ((phrase >>> bit + 1 & 1) != 0) {
                    add(phraseSums, (bit * 2 + (phrase & 1)) * LABELS, sums, at);
                    f++;
                }
            }
            idEnds[i] = random;
        }
        long[] rows = lattice.rows;
        tagger.rows(ids, random, rows);
        for (int i = 0, start = 0; i < n; start = idEnds[i], i++) {
            LinearChainModel.addRows(rows, start, idEnds[i], sums, i * LABELS);
        }
        tagger.scale(sums, lattice.emissions, n * LABELS);
    }

    /** Label scores of the words {@code entries[from..to)} as {@link #emissions(Entry[], Features.Word[], int, int, Lattice)} fills them, one row per word. */
    double[][] emissions(Entry[] entries, Features.Word[] words, int from, int to) {
        Lattice lattice = new Lattice(to - from);
        emissions(entries, words, from, to, lattice);
        double[][] out = new double[to - from][];
        for (int i = 0; i < out.length; i++) {
            out[i] = java.util.Arrays.copyOfRange(lattice.emissions, i * LABELS, (i + 1) * LABELS);
        }
        return out;
    }

    private static void add(int[] table, int from, int[] sums, int at) {
        for (int y = 0; y < LABELS; y++) {
            sums[at + y] += table[from + y];
        }
    }
}
