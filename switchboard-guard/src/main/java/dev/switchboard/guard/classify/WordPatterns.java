package dev.switchboard.guard.classify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fixed list of patterns matched over folded text, each tried only where a match can begin instead
 * of at every char. Where a match can begin is read from the regex ({@link #stems}):
 *
 * <ul>
 *   <li>{@code \b(?:ignore|disregard…)}: where a word starting with one of the stems starts. The
 *       stems of all patterns form one trie, and a text's words are walked through it once, so a few
 *       dozen word-list patterns cost about one pass over the text.
 *   <li>{@code <\|(?:im_start…)}, {@code (?<!\S)(?:#{2,}|\[…)}: where one of the leading literals
 *       occurs ({@link String#indexOf}).
 *   <li>anything else: everywhere ({@link Matcher#find}).
 * </ul>
 *
 * <p>Matches are the same as a full scan's (a test checks it). Immutable and thread-safe.
 */
public final class WordPatterns {

    /** The stems of a regex: word stems need a word to start there, literal stems are found anywhere. */
    public record Stems(boolean words, List<String> stems) {
    }

    private final List<Pattern> patterns;
    /** Per pattern, its literal stems, or null when it has word stems or none. */
    private final String[][] literals;
    /** Per pattern, whether it is tried everywhere. */
    private final boolean[] everywhere;
    private final Node root = new Node();

    public WordPatterns(List<Pattern> patterns) {
        this.patterns = List.copyOf(patterns);
        this.literals = new String[patterns.size()][];
        this.everywhere = new boolean[patterns.size()];
        for (int p = 0; p < patterns.size(); p++) {
            Stems stems = stems(patterns.get(p).pattern());
            if (stems == null) {
                everywhere[p] = true;
            } else if (stems.words()) {
                for (String stem : stems.stems()) {
                    root.add(stem, 0, p);
                }
            } else {
                literals[p] = stems.stems().toArray(new String[0]);
            }
        }
    }

    public int size() {
        return patterns.size();
    }

    /**
     * The matches of each pattern in {@code text}, in the order of the patterns: per pattern in text
     * order, not overlapping, at most {@code max}; each match is {@code {start, end}}.
     */
    public List<List<int[]>> matches(String text, int max) {
        int[][] candidates = new int[patterns.size()][];
        int[] counts = new int[patterns.size()];
        wordStarts(text, candidates, counts);
        List<List<int[]>> out = new ArrayList<>(patterns.size());
        for (int p = 0; p < patterns.size(); p++) {
            if (everywhere[p]) {
                out.add(findAll(patterns.get(p).matcher(text), max));
                continue;
            }
            if (literals[p] != null) {
                literalStarts(text, p, candidates, counts);
            }
            out.add(counts[p] == 0 ? List.of() : matchAt(patterns.get(p).matcher(text), candidates[p], counts[p], max));
        }
        return out;
    }

    /** Adds to each pattern with word stems the starts of the text's words that begin with one of its stems. */
    private void wordStarts(String text, int[][] candidates, int[] counts) {
        int length = text.length();
        int i = 0;
        while (i < length) {
            if (!Character.isLetterOrDigit(text.charAt(i))) { // a word starts with a letter or digit
                i++;
                continue;
            }
            int start = i;
            Node node = root;
            while (i < length && isWordChar(text.charAt(i))) {
                if (node != null) {
                    node = node.child(text.charAt(i));
                    if (node != null) {
                        for (int p : node.patterns) {
                            add(candidates, counts, p, start);
                        }
                    }
                }
                i++;
            }
        }
    }

    /** Adds where pattern {@code p}'s literal stems occur, then sorts its candidates. */
    private void literalStarts(String text, int p, int[][] candidates, int[] counts) {
        for (String literal : literals[p]) {
            for (int at = text.indexOf(literal); at >= 0; at = text.indexOf(literal, at + 1)) {
                add(candidates, counts, p, at);
            }
        }
        if (counts[p] > 1) {
            int[] sorted = candidates[p];
            Arrays.sort(sorted, 0, counts[p]);
        }
    }

    private static void add(int[][] candidates, int[] counts, int p, int start) {
        int[] list = candidates[p];
        int n = counts[p];
        if (list == null) {
            list = candidates[p] = new int[4];
        } else if (list[n - 1] == start) { // two stems of the pattern begin the same word
            return;
        } else if (n == list.length) {
            list = candidates[p] = Arrays.copyOf(list, n * 2);
        }
        list[n] = start;
        counts[p] = n + 1;
    }

    /** The matches starting at the ascending {@code starts}, not overlapping, at most {@code max}. */
    private static List<int[]> matchAt(Matcher m, int[] starts, int count, int max) {
        List<int[]> found = new ArrayList<>(1);
        m.useTransparentBounds(true).useAnchoringBounds(false);
        int after = 0;
        int length = m.regionEnd();
        for (int k = 0; k < count && found.size() < max; k++) {
            int start = starts[k];
            if (start < after) {
                continue;
            }
            m.region(start, length);
            if (m.lookingAt()) {
                found.add(new int[] {m.start(), m.end()});
                after = Math.max(m.end(), start + 1);
            }
        }
        return found;
    }

    private static List<int[]> findAll(Matcher m, int max) {
        List<int[]> found = new ArrayList<>(1);
        while (found.size() < max && m.find()) {
            found.add(new int[] {m.start(), m.end()});
        }
        return found;
    }

    /** As {@link #matches}, trying every pattern at every position: what the stems must agree with (tests). */
    public List<List<int[]>> matchesByFullScan(String text, int max) {
        List<List<int[]>> out = new ArrayList<>(patterns.size());
        for (Pattern pattern : patterns) {
            out.add(findAll(pattern.matcher(text), max));
        }
        return out;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '\'' || c == '’';
    }

    /** A trie node: the patterns a stem ending here belongs to, and the next chars. */
    private static final class Node {
        private char[] keys = new char[0];
        private Node[] children = new Node[0];
        private int[] patterns = new int[0];

        Node child(char c) {
            char[] k = keys;
            for (int i = 0; i < k.length; i++) {
                if (k[i] == c) {
                    return children[i];
                }
            }
            return null;
        }

        void add(String stem, int at, int pattern) {
            if (at == stem.length()) {
                if (Arrays.stream(patterns).noneMatch(p -> p == pattern)) {
                    patterns = Arrays.copyOf(patterns, patterns.length + 1);
                    patterns[patterns.length - 1] = pattern;
                }
                return;
            }
            Node next = child(stem.charAt(at));
            if (next == null) {
                next = new Node();
                keys = Arrays.copyOf(keys, keys.length + 1);
                keys[keys.length - 1] = stem.charAt(at);
                children = Arrays.copyOf(children, children.length + 1);
                children[children.length - 1] = next;
            }
            next.add(stem, at + 1, pattern);
        }
    }

    /**
     * Where every match of {@code regex} must begin, read from its start: after a leading {@code \b},
     * the leading letters of each alternative (looking into nested groups and small char classes such
     * as {@code [4-9]}) as word stems; otherwise, after an optional leading lookbehind, each
     * alternative's leading literal chars ({@code <\|}, {@code #}) as literal stems. Null when some
     * alternative has none (a match may begin anywhere).
     */
    public static Stems stems(String regex) {
        boolean words = regex.startsWith("\\b");
        String rest = words ? regex.substring(2) : withoutLookbehind(regex);
        List<String> stems = new ArrayList<>();
        return collect(rest, stems, words) && !stems.isEmpty() ? new Stems(words, List.copyOf(stems)) : null;
    }

    private static String withoutLookbehind(String regex) {
        if (regex.startsWith("(?<!") || regex.startsWith("(?<=")) {
            int close = closing(regex, 0, null);
            return close < 0 ? "" : regex.substring(close + 1);
        }
        return regex;
    }

    /** Adds the stems of the pattern starting at {@code s}; false when one alternative has none. */
    private static boolean collect(String s, List<String> stems, boolean words) {
        if (s.startsWith("(?:")) {
            List<Integer> bars = new ArrayList<>();
            int close = closing(s, 0, bars);
            if (close < 0) {
                return false;
            }
            bars.add(close);
            int from = 3;
            for (int bar : bars) {
                if (!collect(s.substring(from, bar), stems, words)) {
                    return false;
                }
                from = bar + 1;
            }
            return true;
        }
        if (s.startsWith("[")) {
            return charClass(s, stems);
        }
        StringBuilder stem = new StringBuilder();
        int k = 0;
        while (k < s.length()) {
            char c = s.charAt(k);
            if (Character.isLetterOrDigit(c) || c == '\'') {
                stem.append(c);
                k++;
            } else if (!words && c == '\\' && k + 1 < s.length() && !Character.isLetterOrDigit(s.charAt(k + 1))) {
                stem.append(s.charAt(k + 1)); // an escaped punctuation char is itself
                k += 2;
            } else if (!words && ".^$|?*+()[]{}\\".indexOf(c) < 0) {
                stem.append(c);
                k++;
            } else {
                break;
            }
        }
        if (optional(s, k) && !stem.isEmpty()) {
            stem.setLength(stem.length() - 1); // "cuts?" matches "cut"
        }
        if (stem.isEmpty()) {
            return false;
        }
        stems.add(stem.toString());
        return true;
    }

    /** Whether the quantifier at {@code at} (if any) lets the char before it be absent. */
    private static boolean optional(String s, int at) {
        return at < s.length() && (s.charAt(at) == '?' || s.charAt(at) == '*' || s.startsWith("{0", at));
    }

    /** A leading class of letters, digits and ranges ({@code [4-9]}), each char a stem; false for any other class. */
    private static boolean charClass(String s, List<String> stems) {
        int close = s.indexOf(']');
        if (close < 2 || optional(s, close + 1)) {
            return false;
        }
        List<String> chars = new ArrayList<>();
        for (int k = 1; k < close; k++) {
            char c = s.charAt(k);
            if (!Character.isLetterOrDigit(c)) {
                return false;
            }
            char last = c;
            if (k + 2 < close && s.charAt(k + 1) == '-') {
                last = s.charAt(k + 2);
                k += 2;
            }
            if (last < c || last - c > 36) {
                return false;
            }
            for (char x = c; x <= last; x++) {
                chars.add(String.valueOf(x));
            }
        }
        stems.addAll(chars);
        return true;
    }

    /**
     * Index of the ')' closing the '(' at {@code open}, skipping escapes and classes, or -1; adds
     * to {@code bars} (when not null) the positions of the group's top-level '|'.
     */
    private static int closing(String s, int open, List<Integer> bars) {
        int depth = 0;
        boolean inClass = false;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            } else if (c == '|' && depth == 1 && bars != null) {
                bars.add(i);
            }
        }
        return -1;
    }
}
