package dev.switchboard.guard.classify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words of a folded text (runs of letters, digits and apostrophes) and where they start, so
 * that a pattern whose every match begins with one of a few words ({@link #stems}) is tried only
 * where such a word starts, instead of at every char: a few dozen word-list patterns then cost
 * about one pass over the text. Built once per text; not thread-safe.
 */
public final class WordIndex {

    private final String text;
    /** The distinct words, ascending, so that the words with a given stem are one range. */
    private final String[] words;
    /** For each of {@link #words}, the offsets where it starts, ascending. */
    private final int[][] starts;

    public WordIndex(String folded) {
        this.text = folded;
        Map<String, int[]> found = new HashMap<>();
        int i = 0;
        int n = folded.length();
        while (i < n) {
            if (!Character.isLetterOrDigit(folded.charAt(i))) { // a word starts with a letter or digit
                i++;
                continue;
            }
            int start = i;
            while (i < n && isWordChar(folded.charAt(i))) {
                i++;
            }
            int at = start;
            found.merge(folded.substring(start, i), new int[] {start}, (old, one) -> {
                int[] grown = Arrays.copyOf(old, old.length + 1);
                grown[old.length] = at;
                return grown;
            });
        }
        words = found.keySet().toArray(new String[0]);
        Arrays.sort(words);
        starts = new int[words.length][];
        for (int w = 0; w < words.length; w++) {
            starts[w] = found.get(words[w]);
        }
    }

    /**
     * The matches of {@code pattern} in the text, in order and not overlapping, at most {@code max}:
     * tried only where a word starting with one of {@code stems} starts, or everywhere when
     * {@code stems} is null. Each match is {@code {start, end}}.
     */
    public List<int[]> matches(Pattern pattern, List<String> stems, int max) {
        List<int[]> found = new ArrayList<>(1);
        Matcher m = pattern.matcher(text);
        if (stems == null) {
            while (found.size() < max && m.find()) {
                found.add(new int[] {m.start(), m.end()});
            }
            return found;
        }
        int[] starts = starts(stems);
        m.useTransparentBounds(true).useAnchoringBounds(false);
        int after = 0;
        for (int start : starts) {
            if (found.size() >= max) {
                break;
            }
            if (start < after) {
                continue;
            }
            m.region(start, text.length());
            if (m.lookingAt()) {
                found.add(new int[] {m.start(), m.end()});
                after = Math.max(m.end(), start + 1);
            }
        }
        return found;
    }

    /** Where the words starting with one of {@code stems} start, ascending, without repeats. */
    private int[] starts(List<String> stems) {
        int[] all = new int[8];
        int size = 0;
        for (String stem : stems) {
            int w = Arrays.binarySearch(words, stem);
            for (w = w < 0 ? -w - 1 : w; w < words.length && words[w].startsWith(stem); w++) {
                int[] more = starts[w];
                if (size + more.length > all.length) {
                    all = Arrays.copyOf(all, Math.max(all.length * 2, size + more.length));
                }
                System.arraycopy(more, 0, all, size, more.length);
                size += more.length;
            }
        }
        Arrays.sort(all, 0, size);
        int distinct = 0;
        for (int k = 0; k < size; k++) {
            if (distinct == 0 || all[k] != all[distinct - 1]) {
                all[distinct++] = all[k];
            }
        }
        return Arrays.copyOf(all, distinct);
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '\'' || c == '’';
    }

    /**
     * The stems every match of {@code regex} must start with, read from its leading word or leading
     * group of alternatives ({@code \b(?:ignore|disregard|forget…)}): each alternative's leading
     * letters, looking into nested groups. Null when the pattern does not start that way (a match
     * may begin anywhere), so it is always run.
     */
    public static List<String> stems(String regex) {
        String rest = regex.startsWith("\\b") ? regex.substring(2) : null;
        if (rest == null) {
            return null;
        }
        List<String> stems = new ArrayList<>();
        return collect(rest, stems) ? stems : null;
    }

    /** Adds the stems of the pattern starting at {@code s}; false when one alternative has none. */
    private static boolean collect(String s, List<String> stems) {
        if (s.startsWith("(?:")) {
            int close = closing(s, 0);
            if (close < 0) {
                return false;
            }
            for (String alternative : alternatives(s.substring(3, close))) {
                if (!collect(alternative, stems)) {
                    return false;
                }
            }
            return true;
        }
        int k = 0;
        while (k < s.length() && (Character.isLetterOrDigit(s.charAt(k)) || s.charAt(k) == '\'')) {
            k++;
        }
        if (k == 0) {
            return false;
        }
        // a quantifier right after the literal makes its last char optional: "cuts?" matches "cut"
        boolean optionalLast = k < s.length() && (s.charAt(k) == '?' || s.charAt(k) == '*');
        String stem = s.substring(0, optionalLast ? k - 1 : k);
        if (stem.isEmpty()) {
            return false;
        }
        stems.add(stem);
        return true;
    }

    /** Index of the ')' closing the '(' at {@code open}, skipping escapes and classes; -1 if none. */
    private static int closing(String s, int open) {
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
            }
        }
        return -1;
    }

    /** The top-level alternatives of a group's content. */
    private static List<String> alternatives(String content) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean inClass = false;
        int start = 0;
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                parts.add(content.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(content.substring(start));
        return parts;
    }
}
