package dev.switchboard.guard.pii.patterns;

import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
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
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c >= '0' && c <= '9') {
                    sink.accept(i);
                }
            }
        };
    }

    /** Any of {@code chars}. */
    static Anchors chars(String chars) {
        return (text, sink) -> {
            for (int i = 0; i < text.length(); i++) {
                if (chars.indexOf(text.charAt(i)) >= 0) {
                    sink.accept(i);
                }
            }
        };
    }

    /** The start of each occurrence of {@code literal} (ASCII), ignoring case if asked. */
    static Anchors literal(String literal, boolean ignoreCase) {
        String needle = ignoreCase ? literal.toLowerCase(Locale.ROOT) : literal;
        return (text, sink) -> {
            String haystack = ignoreCase ? text.toLowerCase(Locale.ROOT) : text;
            for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
                sink.accept(i);
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

    /** The start of each word in {@code lowerCaseWords}, compared ignoring case. */
    static Anchors words(Set<String> lowerCaseWords) {
        int longest = lowerCaseWords.stream().mapToInt(String::length).max().orElse(0);
        return (text, sink) -> {
            int n = text.length();
            int i = 0;
            while (i < n) {
                if (!Character.isLetter(text.charAt(i))) {
                    i++;
                    continue;
                }
                int start = i;
                while (i < n && Character.isLetter(text.charAt(i))) {
                    i++;
                }
                if (i - start <= longest && lowerCaseWords.contains(text.substring(start, i).toLowerCase(Locale.ROOT))) {
                    sink.accept(start);
                }
            }
        };
    }

    /**
     * Every match of {@code pattern} in the windows from {@code before} characters before an anchor
     * to {@code after} characters after it (windows that touch are merged), with transparent bounds
     * so lookarounds and {@code \b} see the text around a window. That finds every match of the
     * whole text that holds an anchor and lies within those reaches of it: callers pick reaches at
     * least as long as the pattern's longest match.
     */
    default void matches(String text, Pattern pattern, int before, int after, Consumer<Matcher> onMatch) {
        Matcher m = pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        windows(text, before, after, (start, end) -> {
            m.region(start, end);
            while (m.find()) {
                onMatch.accept(m);
            }
        });
    }

    /** The merged windows around the anchors in {@code text}, in order. */
    default void windows(String text, int before, int after, Region sink) {
        int[] open = {-1, -1};
        find(text, position -> {
            int start = Math.max(0, position - before);
            int end = Math.min(text.length(), position + 1 + after);
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
