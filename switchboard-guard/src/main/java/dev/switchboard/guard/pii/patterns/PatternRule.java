package dev.switchboard.guard.pii.patterns;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One pattern of a {@link PatternRecognizer}: where it matches and the score of a match before
 * validation and context.
 *
 * @param name shown in explanations, e.g. {@code "SSN (medium)"}
 * @param finder the matcher; built-in rules use {@code java.util.regex} with bounded quantifiers
 *     only, user rules RE2/J (see {@link CustomRecognizers})
 * @param score 0 to 1
 */
public record PatternRule(String name, SpanFinder finder, double score) {

    public PatternRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(finder, "finder");
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score of pattern '" + name + "' must be between 0 and 1: " + score);
        }
    }

    /** Finds candidate spans in a text; thread-safe. */
    @FunctionalInterface
    public interface SpanFinder {
        void find(String text, SpanSink sink);
    }

    /** Receives the spans a {@link SpanFinder} found. */
    @FunctionalInterface
    public interface SpanSink {
        void accept(int start, int end);
    }

    /** Every match of a JDK regex (whole match). */
    public static PatternRule regex(String name, String regex, double score) {
        return regex(name, Pattern.compile(regex), 0, score);
    }

    /** Every match of a JDK regex, ignoring case. */
    public static PatternRule regexIgnoringCase(String name, String regex, double score) {
        return regex(name, Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), 0, score);
    }

    /** Every match of {@code pattern}, reporting capture group {@code group} (0 for the whole match). */
    public static PatternRule regex(String name, Pattern pattern, int group, double score) {
        return new PatternRule(name, (text, sink) -> {
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                if (m.start(group) >= 0 && m.end(group) > m.start(group)) {
                    sink.accept(m.start(group), m.end(group));
                }
            }
        }, score);
    }

    /**
     * Every match of {@code pattern} (capture group {@code group}, 0 for the whole match), searched
     * only around {@code anchors}: from {@code before} characters before one to {@code after}
     * characters after it. Every match must hold an anchor and lie within those reaches of it.
     */
    static PatternRule anchored(String name, Pattern pattern, int group, Anchors anchors, int before, int after,
            double score) {
        return new PatternRule(name, (text, sink) -> anchors.matches(text, pattern, before, after, m -> {
            if (m.start(group) >= 0 && m.end(group) > m.start(group)) {
                sink.accept(m.start(group), m.end(group));
            }
        }), score);
    }

    /**
     * As {@link #anchored(String, Pattern, int, Anchors, int, int, double)}, trying the pattern only
     * at positions {@code start} allows (see {@link MatchStart}): the same matches, fewer attempts.
     */
    static PatternRule anchored(String name, Pattern pattern, int group, Anchors anchors, int before, int after,
            MatchStart start, double score) {
        return anchored(name, pattern, group, anchors, before, after, null, start, score);
    }

    /**
     * As the method above for a pattern whose matches hold only {@code matchChars} (lookarounds
     * aside): windows are also cut to the run of those chars around each anchor.
     */
    static PatternRule anchored(String name, Pattern pattern, int group, Anchors anchors, int before, int after,
            java.util.function.IntPredicate matchChars, MatchStart start, double score) {
        return new PatternRule(name, (text, sink) -> anchors.matches(text, pattern, before, after, matchChars, start, m -> {
            if (m.start(group) >= 0 && m.end(group) > m.start(group)) {
                sink.accept(m.start(group), m.end(group));
            }
        }), score);
    }

    /** A whole-match regex of {@code matchChars} only, tried only where {@code start} allows; see above. */
    static PatternRule anchored(String name, String regex, Anchors anchors, int before, int after,
            java.util.function.IntPredicate matchChars, MatchStart start, double score) {
        return anchored(name, Pattern.compile(regex), 0, anchors, before, after, matchChars, start, score);
    }

    /** A whole-match regex, tried only where {@code start} allows; see the method above. */
    static PatternRule anchored(String name, String regex, Anchors anchors, int before, int after, MatchStart start,
            double score) {
        return anchored(name, Pattern.compile(regex), 0, anchors, before, after, start, score);
    }

    /** As the method above, ignoring case. */
    static PatternRule anchoredIgnoringCase(String name, String regex, Anchors anchors, int before, int after,
            MatchStart start, double score) {
        return anchored(name, Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), 0, anchors, before,
                after, start, score);
    }

    /** {@link #anchored(String, Pattern, int, Anchors, int, int, double)} of a whole-match regex. */
    static PatternRule anchored(String name, String regex, Anchors anchors, int before, int after, double score) {
        return anchored(name, Pattern.compile(regex), 0, anchors, before, after, score);
    }

    /** {@link #anchored(String, String, Anchors, int, int, double)}, ignoring case. */
    static PatternRule anchoredIgnoringCase(String name, String regex, Anchors anchors, int before, int after, double score) {
        return anchored(name, Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), 0, anchors, before,
                after, score);
    }

    /**
     * Every match of a JDK regex whose matches consist of ASCII digits and {@code separators}
     * only, and begin with a digit that follows no digit (as {@code \\b\\d} or {@code (?<!\\d)\\d}
     * begin). The regex runs over the stretches of such characters that hold a digit instead of
     * over the whole text, and within a stretch is tried only at the start of each run of digits
     * ({@code lookingAt}), with transparent bounds so its lookarounds and {@code \\b} still see
     * the text around: the same matches, without trying the pattern at every position of a text
     * that is mostly words.
     */
    public static PatternRule digits(String name, String regex, String separators, double score) {
        Pattern pattern = Pattern.compile(regex);
        return new PatternRule(name, (text, sink) -> {
            Matcher m = pattern.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
            DigitPositions digits = DigitPositions.of(text);
            int[] at = digits.at();
            int n = text.length();
            int done = 0; // the end of the last stretch: digits before it were handled with it
            for (int k = 0; k < digits.count(); k++) {
                int i = at[k];
                if (i < done) {
                    continue;
                }
                int start = i;
                while (start > 0 && separators.indexOf(text.charAt(start - 1)) >= 0) {
                    start--;
                }
                int end = i;
                while (end < n && (isDigit(text.charAt(end)) || separators.indexOf(text.charAt(end)) >= 0)) {
                    end++;
                }
                int from = start;
                for (int p = i; p < end; p++) {
                    if (p < from || !isDigit(text.charAt(p)) || p > 0 && isDigit(text.charAt(p - 1))) {
                        continue;
                    }
                    m.region(p, end);
                    if (m.lookingAt() && m.end() > m.start()) {
                        sink.accept(m.start(), m.end());
                        from = m.end();
                    }
                }
                done = end;
            }
        }, score);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Every match of an RE2/J pattern: linear time whatever the pattern and input. */
    public static PatternRule re2(String name, com.google.re2j.Pattern pattern, double score) {
        return new PatternRule(name, (text, sink) -> {
            com.google.re2j.Matcher m = pattern.matcher(text);
            int from = 0;
            while (from <= text.length() && m.find(from)) {
                if (m.end() > m.start()) {
                    sink.accept(m.start(), m.end());
                    from = m.end();
                } else {
                    from = m.end() + 1;
                }
            }
        }, score);
    }
}
