package dev.switchboard.guard.pii.patterns;

import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a pattern can match: positions of something every match holds (a digit, an {@code @},
 * {@code ://}). A pattern with anchors runs only in windows around them (see
 * {@link #matches}), not at every position of a text that is mostly prose: a JDK regex costs
 * some tens of nanoseconds per position even where it fails at once, and the built-in
 * recognizers hold dozens of them.
 */
@FunctionalInterface
interface Anchors {

    /** Calls {@code sink} with the position of each anchor in {@code text}, in ascending order. */
    void find(String text, IntConsumer sink);

    /** ASCII digits. */
    static Anchors digits() {
        return (text, sink) -> {
            DigitPositions digits = DigitPositions.of(text);
            int[] at = digits.at();
            for (int k = 0; k < digits.count(); k++) {
                sink.accept(at[k]);
            }
        };
    }

    /** Any of {@code chars} (ASCII). */
    static Anchors chars(String chars) {
        if (chars.length() == 1) {
            char only = chars.charAt(0);
            if (only >= 128) {
                throw new IllegalArgumentException("only ASCII chars: " + chars);
            }
            // indexOf is a vectorized intrinsic: much faster than a char-by-char test
            return (text, sink) -> {
                for (int i = text.indexOf(only); i >= 0; i = text.indexOf(only, i + 1)) {
                    sink.accept(i);
                }
            };
        }
        java.util.function.IntPredicate anchor = MatchChars.of(chars);
        return (text, sink) -> {
            for (int i = 0; i < text.length(); i++) {
                if (anchor.test(text.charAt(i))) {
                    sink.accept(i);
                }
            }
        };
    }

    /** The start of each occurrence of {@code literal} (ASCII), ignoring case if asked. */
    static Anchors literal(String literal, boolean ignoreCase) {
        String needle = ignoreCase ? literal.toLowerCase(Locale.ROOT) : literal;
        if (!ignoreCase) {
            return (text, sink) -> {
                for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
                    sink.accept(i);
                }
            };
        }
        boolean[] first = new boolean[128]; // the ASCII chars whose lower case starts the needle
        for (char c = 0; c < 128; c++) {
            first[c] = Character.toLowerCase(c) == needle.charAt(0);
        }
        return (text, sink) -> {
            if (text.indexOf('\u0130') >= 0) {
                // the one char whose lower case is two chars: offsets in the lower-cased text shift
                String haystack = text.toLowerCase(Locale.ROOT);
                for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
                    sink.accept(i);
                }
                return;
            }
            // where the lower-cased text holds the needle, char by char, without lower-casing the text
            int last = text.length() - needle.length();
            for (int i = 0; i <= last; i++) {
                char c = text.charAt(i);
                if (c < 128 && !first[c]) {
                    continue;
                }
                int k = 0;
                while (k < needle.length() && Character.toLowerCase(text.charAt(i + k)) == needle.charAt(k)) {
                    k++;
                }
                if (k == needle.length()) {
                    sink.accept(i);
                }
            }
        };
    }

    /** A dot between a letter or digit and a letter, as in a host name ({@code example.com}). */
    static Anchors dotInName() {
        return (text, sink) -> {
            for (int i = text.indexOf('.', 1); i >= 0 && i + 1 < text.length(); i = text.indexOf('.', i + 1)) {
                if (Character.isLetterOrDigit(text.charAt(i - 1)) && Character.isLetter(text.charAt(i + 1))) {
                    sink.accept(i);
                }
            }
        };
    }

    /**
     * The start of each word (a maximal run of letters) in {@code lowerCaseWords}, compared ignoring
     * case char by char ({@link String#regionMatches(boolean, int, String, int, int)}), without
     * allocating per word.
     */
    static Anchors words(Set<String> lowerCaseWords) {
        int longest = lowerCaseWords.stream().mapToInt(String::length).max().orElse(0);
        String[][] byLength = new String[longest + 1][];
        // per length, the ASCII letters the words start and end with (bit 0 for 'a'); -1 (all)
        // when some word of that length starts or ends otherwise, as a non-ASCII letter could then match
        int[] firsts = new int[longest + 1];
        int[] lasts = new int[longest + 1];
        for (String word : lowerCaseWords) {
            String[] same = byLength[word.length()] == null ? new String[0] : byLength[word.length()];
            same = java.util.Arrays.copyOf(same, same.length + 1);
            same[same.length - 1] = word;
            byLength[word.length()] = same;
            firsts[word.length()] |= letterBit(word.charAt(0));
            lasts[word.length()] |= letterBit(word.charAt(word.length() - 1));
        }
        return (text, sink) -> {
            LetterRuns runs = LetterRuns.of(text);
            for (int r = 0; r < runs.count(); r++) {
                int start = runs.starts()[r];
                int length = runs.ends()[r] - start;
                String[] candidates = length <= longest ? byLength[length] : null;
                if (candidates == null || !mayMatch(firsts[length], text.charAt(start))
                        || !mayMatch(lasts[length], text.charAt(start + length - 1))) {
                    continue;
                }
                for (String word : candidates) {
                    if (text.regionMatches(true, start, word, 0, length)) {
                        sink.accept(start);
                        break;
                    }
                }
            }
        };
    }

    /** The bit of a lower-case ASCII letter in a set of letters; all bits for any other char. */
    private static int letterBit(char c) {
        return c >= 'a' && c <= 'z' ? 1 << c - 'a' : -1;
    }

    /**
     * Whether a letter of a text may equal, ignoring case, one of the {@code letters} (a set made
     * by {@link #letterBit}): an ASCII letter only as itself in either case; any other letter may
     * (some fold to ASCII, as the Kelvin sign to {@code k}).
     */
    private static boolean mayMatch(int letters, char c) {
        return c >= 128 || (letters >>> ((c | 0x20) - 'a') & 1) != 0;
    }

    /**
     * Each occurrence of any of {@code literals} (case-sensitive), by its start. Cheaper than a
     * word anchor for a few literals: one {@code indexOf} pass each.
     */
    static Anchors literals(String... literals) {
        return (text, sink) -> {
            int[] positions = new int[16];
            int n = 0;
            for (String literal : literals) {
                for (int i = text.indexOf(literal); i >= 0; i = text.indexOf(literal, i + 1)) {
                    if (n == positions.length) {
                        positions = java.util.Arrays.copyOf(positions, n * 2);
                    }
                    positions[n++] = i;
                }
            }
            java.util.Arrays.sort(positions, 0, n);
            for (int k = 0; k < n; k++) {
                if (k == 0 || positions[k] != positions[k - 1]) {
                    sink.accept(positions[k]);
                }
            }
        };
    }

    /**
     * The end of each occurrence of one of {@code suffixes} (case-sensitive, ASCII last char) that
     * is directly followed by a space or a tab: where a street word such as {@code Hauptstraße}
     * ends before its house number. The position reported is that of the space or tab.
     */
    static Anchors endingBeforeBlank(java.util.Collection<String> suffixes) {
        // by their last two chars, so that most blanks (after words ending otherwise) are passed by
        // after one table read, without comparing any suffix
        String[][] byLastChars = new String[1 << LAST_CHARS_BITS][];
        for (String suffix : suffixes) {
            if (suffix.length() < 2) {
                throw new IllegalArgumentException("suffix must have at least two chars: " + suffix);
            }
            int slot = lastCharsSlot(suffix.charAt(suffix.length() - 2), suffix.charAt(suffix.length() - 1));
            String[] list = byLastChars[slot] == null ? new String[0] : byLastChars[slot];
            list = java.util.Arrays.copyOf(list, list.length + 1);
            list[list.length - 1] = suffix;
            byLastChars[slot] = list;
        }
        return (text, sink) -> {
            // the blanks in order, found by indexOf (a vectorized intrinsic) rather than char by char
            int space = text.indexOf(' ', 1);
            int tab = text.indexOf('\t', 1);
            while (space >= 0 || tab >= 0) {
                int i;
                if (tab < 0 || space >= 0 && space < tab) {
                    i = space;
                    space = text.indexOf(' ', i + 1);
                } else {
                    i = tab;
                    tab = text.indexOf('\t', i + 1);
                }
                String[] candidates = i < 2 ? null : byLastChars[lastCharsSlot(text.charAt(i - 2), text.charAt(i - 1))];
                if (candidates == null) {
                    continue;
                }
                for (String suffix : candidates) {
                    if (endsAt(text, i, suffix)) {
                        sink.accept(i);
                        break;
                    }
                }
            }
        };
    }

    /** Bits of the slot of the table of suffixes by their last two chars. */
    int LAST_CHARS_BITS = 10;

    /** The slot of the suffixes ending in {@code secondLast}, {@code last}. */
    private static int lastCharsSlot(char secondLast, char last) {
        return (secondLast * 31 + last) * 0x9E3779B1 >>> 32 - LAST_CHARS_BITS;
    }

    /** Whether {@code text} holds {@code suffix} just before {@code end}; compared from its last char, where most candidates differ. */
    private static boolean endsAt(String text, int end, String suffix) {
        int length = suffix.length();
        if (end < length) {
            return false;
        }
        for (int k = 1; k <= length; k++) {
            if (text.charAt(end - k) != suffix.charAt(length - k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * As {@link #matches(String, Pattern, int, int, Consumer)}, trying the pattern only where
     * {@code start} allows a match to begin ({@code lookingAt} there, with the window's end as the
     * region's end) instead of at every position: the same matches, since a match can begin
     * nowhere else and {@code find} would have tried the same positions in the same order.
     */
    default void matches(String text, Pattern pattern, int before, int after, MatchStart start,
                         Consumer<Matcher> onMatch) {
        matches(text, pattern, before, after, null, start, onMatch);
    }

    /**
     * As {@link #matches(String, Pattern, int, int, MatchStart, Consumer)} for a pattern whose
     * matches consist of {@code matchChars} only (lookarounds aside): each window is also cut to
     * the run of such chars around its anchor, since a match holding the anchor lies inside it.
     *
     * @param matchChars every char a match can hold; null for any
     */
    default void matches(String text, Pattern pattern, int before, int after, IntPredicate matchChars, MatchStart start,
                         Consumer<Matcher> onMatch) {
        // made at the first position worth a try: most rules have none in most texts, and a
        // matcher is a few arrays sized by its pattern, which then need not be read at all
        Matcher[] matcher = {null};
        boolean[] firsts = start.asciiFirst();
        boolean nonAsciiFirst = start.nonAsciiFirst();
        windows(text, before, after, matchChars, (from, to) -> {
            int i = from;
            while (i < to) {
                char c = text.charAt(i);
                // the first-char table is read here, inline, before the call that most positions would fail
                boolean maybe = firsts == null || (c < 128 ? firsts[c] : nonAsciiFirst);
                if (maybe && start.possibleAt(text, i)) {
                    if (matcher[0] == null) {
                        matcher[0] = pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
                    }
                    Matcher m = matcher[0];
                    m.region(i, to);
                    if (m.lookingAt()) {
                        onMatch.accept(m);
                        i = Math.max(m.end(), i + 1);
                        continue;
                    }
                }
                i++;
            }
        });
    }

    /**
     * Every match of {@code pattern} in the windows from {@code before} characters before an anchor
     * to {@code after} characters after it (windows that touch are merged), with transparent bounds
     * so lookarounds and {@code \b} see the text around a window. That finds every match of the
     * whole text that holds an anchor and lies within those reaches of it: callers pick reaches at
     * least as long as the pattern's longest match.
     */
    default void matches(String text, Pattern pattern, int before, int after, Consumer<Matcher> onMatch) {
        Matcher[] matcher = {null};
        windows(text, before, after, (start, end) -> {
            if (matcher[0] == null) {
                matcher[0] = pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
            }
            Matcher m = matcher[0];
            m.region(start, end);
            while (m.find()) {
                onMatch.accept(m);
            }
        });
    }

    /** The merged windows around the anchors in {@code text}, in order. */
    default void windows(String text, int before, int after, Region sink) {
        windows(text, before, after, null, sink);
    }

    /**
     * The merged windows around the anchors in {@code text}, in order, each cut to the run of
     * {@code matchChars} around its anchor (unless {@code matchChars} is null).
     */
    default void windows(String text, int before, int after, IntPredicate matchChars, Region sink) {
        int[] open = {-1, -1};
        // the run scanned for the previous anchor: [run[0], run[1]) holds only matchChars, and
        // run[2] is 1 when run[1] is where the run really ends (not just where the reach stopped);
        // anchors inside it reuse it, so a long run is scanned once, not once per anchor
        int[] run = {-1, -1, 0};
        find(text, position -> {
            int start = Math.max(0, position - before);
            int end = Math.min(text.length(), position + 1 + after);
            if (matchChars != null) {
                int runStart;
                int runEnd;
                if (run[0] <= position && position < run[1]) {
                    runStart = Math.max(run[0], start);
                    runEnd = run[1];
                    if (run[2] == 0) {
                        while (runEnd < end && matchChars.test(text.charAt(runEnd))) {
                            runEnd++;
                        }
                    }
                } else {
                    runStart = position;
                    while (runStart > start && matchChars.test(text.charAt(runStart - 1))) {
                        runStart--;
                    }
                    runEnd = position + 1;
                    while (runEnd < end && matchChars.test(text.charAt(runEnd))) {
                        runEnd++;
                    }
                }
                run[0] = runStart;
                run[1] = runEnd;
                run[2] = runEnd < end || runEnd == text.length() ? 1 : 0;
                start = runStart;
                end = runEnd;
            }
            if (open[0] >= 0 && start <= open[1]) {
                open[1] = Math.max(open[1], end);
                return;
            }
            if (open[0] >= 0) {
                sink.accept(open[0], open[1]);
            }
            open[0] = start;
            open[1] = end;
        });
        if (open[0] >= 0) {
            sink.accept(open[0], open[1]);
        }
    }

    /** Receives one window. */
    @FunctionalInterface
    interface Region {
        void accept(int start, int end);
    }
}
