package dev.switchboard.guard.pii;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which recognizers may have a context word in a text: those with a context word that starts,
 * lower-cased, some run of letters of the text. {@link Analyzer} raises a finding for a word
 * before it that is, lower-cased, a context word or one followed by "s" — a whole run of letters,
 * or the part of one before the finding when the finding starts inside it — so a recognizer this
 * index does not report has no finding raised in the text. Found for all recognizers in one pass,
 * each run walked through a trie of the words only as far as it matches one (mostly a letter or
 * two), without a string per run.
 *
 * <p>Immutable and thread-safe.
 */
final class ContextIndex {

    /** Recognizers from this index on are always reported (a mask has 64 bits). */
    private static final int MAX_RECOGNIZERS = 63;
    private static final int LETTERS = 26;

    /** Trie node {@code n}'s child for letter {@code c} ('a' + c) at {@code children[n * LETTERS + c]}; 0 for none. */
    private final int[] children;
    /** The recognizers (bit {@code r}) with the word that ends at each node. */
    private final long[] ends;
    private final long alwaysPresent;

    /** @param contextWords per recognizer, in the analyzer's order, its lower-case context words */
    ContextIndex(List<Set<String>> contextWords) {
        int nodes = 1;
        for (Set<String> words : contextWords) {
            for (String word : words) {
                nodes += word.length();
            }
        }
        int[] trie = new int[nodes * LETTERS];
        long[] marks = new long[nodes];
        int used = 1;
        long always = 0;
        for (int r = 0; r < contextWords.size(); r++) {
            if (r >= MAX_RECOGNIZERS) {
                always |= 1L << MAX_RECOGNIZERS;
                continue;
            }
            for (String word : contextWords.get(r)) {
                if (word.isEmpty() || !word.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
                    // a word with anything but a-z equals no lower-cased run of letters that a-z
                    // words do not also start (Analyzer compares lower-cased runs of letters)
                    always |= word.chars().allMatch(Character::isLetter) && !word.isEmpty() ? 1L << r : 0;
                    continue;
                }
                int node = 0;
                for (int k = 0; k < word.length(); k++) {
                    int slot = node * LETTERS + word.charAt(k) - 'a';
                    if (trie[slot] == 0) {
                        trie[slot] = used++;
                    }
                    node = trie[slot];
                }
                marks[node] |= 1L << r;
            }
        }
        children = trie;
        ends = marks;
        alwaysPresent = always;
    }

    /**
     * Bit {@code r} is set when recognizer {@code r} may have a context word in {@code text} (and
     * for every recognizer from the 64th on); when it is clear, none of its context words, nor
     * one with an "s", is a run of letters of the text or the start of one.
     */
    long present(String text) {
        long present = alwaysPresent;
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (!isLetter(c)) {
                i++;
                continue;
            }
            int start = i;
            boolean dotted = false;
            while (i < n && isLetter(text.charAt(i))) {
                dotted |= text.charAt(i) == '\u0130';
                i++;
            }
            present |= dotted ? walk(text.substring(start, i).toLowerCase(Locale.ROOT), 0, -1) : walk(text, start, i);
        }
        return present;
    }

    /** The marks of the trie nodes that {@code chars[from, to)} (every prefix of it), lower-cased char by char, passes. */
    private long walk(String chars, int from, int to) {
        int end = to < 0 ? chars.length() : to;
        long found = 0;
        int node = 0;
        for (int k = from; k < end; k++) {
            char c = chars.charAt(k);
            char lower = c < 128 ? (char) (c | 0x20) : Character.toLowerCase(c);
            if (lower < 'a' || lower > 'z') {
                break;
            }
            node = children[node * LETTERS + lower - 'a'];
            if (node == 0) {
                break;
            }
            found |= ends[node];
        }
        return found;
    }

    /** {@link Character#isLetter(char)}, with ASCII answered without its tables. */
    private static boolean isLetter(char c) {
        return c < 128 ? (c | 0x20) >= 'a' && (c | 0x20) <= 'z' : Character.isLetter(c);
    }
}
