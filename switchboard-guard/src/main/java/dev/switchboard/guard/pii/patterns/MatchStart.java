package dev.switchboard.guard.pii.patterns;

/**
 * Where a match of a pattern can start: a cheap test of one position, true at every position where
 * some match of the pattern starts (and maybe at others). An anchored rule with a start test tries
 * its regex only at the positions that pass ({@link Anchors#matches(String, java.util.regex.Pattern,
 * int, int, java.util.function.IntPredicate, MatchStart, java.util.function.Consumer)}), instead of
 * at every position of its windows: the same matches for a fraction of the regex attempts.
 *
 * <p>The tests read the previous char to stand in for a leading {@code \b} or negative lookbehind.
 * They treat a word char as ASCII {@code [A-Za-z0-9_]}, which is what {@code \b} and {@code \w} of
 * {@code java.util.regex} use (since JDK 19); a test that rejects fewer positions than the pattern
 * is still correct, so every test here errs on that side (non-ASCII chars always pass the
 * first-char tests of patterns that ignore case).
 */
@FunctionalInterface
interface MatchStart {

    /** ASCII {@code [A-Za-z0-9_]}: the chars of {@code \w} (and of {@code \b}) without the Unicode flag. */
    String WORD_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";

    /** True when a match may start at {@code i} of {@code text} ({@code 0 <= i < text.length()}). */
    boolean possibleAt(String text, int i);

    /**
     * The ASCII chars a match can start with, as a table indexed by char, for a quick first look
     * before {@link #possibleAt}; null when this test does not say. Chars from 128 up are
     * possible first chars when {@link #nonAsciiFirst()} says so.
     */
    default boolean[] asciiFirst() {
        return null;
    }

    /** Whether a char from 128 up can start a match (only read when {@link #asciiFirst()} is not null). */
    default boolean nonAsciiFirst() {
        return true;
    }

    /**
     * This test and {@code also}: a match may start only where both allow it. The first-char
     * table is this test's.
     */
    default MatchStart and(MatchStart also) {
        MatchStart self = this;
        return new MatchStart() {
            @Override
            public boolean possibleAt(String text, int i) {
                return self.possibleAt(text, i) && also.possibleAt(text, i);
            }

            @Override
            public boolean[] asciiFirst() {
                return self.asciiFirst();
            }

            @Override
            public boolean nonAsciiFirst() {
                return self.nonAsciiFirst();
            }
        };
    }

    /**
     * A run of one to {@code maxDigits} ASCII digits (the whole run) followed by up to
     * {@code maxBlanks} chars of {@code blanks} and then one of {@code letters}: where
     * {@code \b(\d{1,3})[ \t]{0,3}[yY]} can start, for instance (with {@code \b} tested by the
     * test this one is {@link #and joined} to).
     */
    static MatchStart digitsThen(int maxDigits, String blanks, int maxBlanks, String letters) {
        return (text, i) -> {
            int n = text.length();
            int k = i;
            while (k < n && k - i <= maxDigits && text.charAt(k) >= '0' && text.charAt(k) <= '9') {
                k++;
            }
            if (k == i || k - i > maxDigits) {
                return false;
            }
            for (int skipped = 0; skipped < maxBlanks && k < n && blanks.indexOf(text.charAt(k)) >= 0; skipped++) {
                k++;
            }
            return k < n && letters.indexOf(text.charAt(k)) >= 0;
        };
    }

    /**
     * Where a token of {@code tokenChars} (ASCII; the whole run of them from the position on, at
     * most {@code maxTokenChars}) is followed by one to {@code maxBlanks} spaces or tabs and then a
     * char that {@code next} accepts (ASCII; any char from 128 up passes): where
     * {@code \d{1,6}[ \t]{1,3}\p{Lu}} can start, for instance, with {@code tokenChars} the digits.
     * A regex whose token ends only where its blanks begin can start nowhere else; a position where
     * the blank run is longer than {@code maxBlanks} fails too, as the char after the blanks the
     * regex may take is then a blank.
     */
    static MatchStart tokenThenBlanks(String tokenChars, int maxTokenChars, int maxBlanks, String next) {
        boolean[] token = MatchChars.asciiSet(tokenChars);
        boolean[] then = MatchChars.asciiSet(next);
        return (text, i) -> {
            int n = text.length();
            int k = i;
            while (k < n && text.charAt(k) < 128 && token[text.charAt(k)]) {
                k++;
            }
            if (k == i || k - i > maxTokenChars) {
                return false;
            }
            int blanks = 0;
            while (k < n && (text.charAt(k) == ' ' || text.charAt(k) == '\t')) {
                k++;
                blanks++;
            }
            if (blanks == 0 || blanks > maxBlanks || k == n) {
                return false;
            }
            char c = text.charAt(k);
            return c >= 128 || then[c];
        };
    }

    /**
     * A char of {@code first} after none of {@code notAfter} (or at the start of the text): where
     * {@code (?<![notAfter])[first]} starts. Both strings are ASCII.
     */
    static MatchStart after(String first, String notAfter) {
        return new FirstAfter(MatchChars.asciiSet(first), false, MatchChars.asciiSet(notAfter));
    }

    /** A char of {@code first} after no ASCII word char: where {@code \b[first]} starts. */
    static MatchStart wordStart(String first) {
        return after(first, WORD_CHARS);
    }

    /**
     * As {@link #wordStart(String)} for a pattern that ignores case: both cases of {@code first},
     * and any non-ASCII char (Unicode case folding may map one to an ASCII letter).
     */
    static MatchStart wordStartIgnoringCase(String first) {
        String both = first.toLowerCase(java.util.Locale.ROOT) + first.toUpperCase(java.util.Locale.ROOT);
        return new FirstAfter(MatchChars.asciiSet(both), true, MatchChars.asciiSet(WORD_CHARS));
    }

    /** An ASCII digit or an upper-case letter (any script) after a char that is not an ASCII word char. */
    static MatchStart digitOrUpperCaseWordStart() {
        boolean[] words = MatchChars.asciiSet(WORD_CHARS);
        boolean[] firsts = MatchChars.asciiSet("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");
        return new MatchStart() {
            @Override
            public boolean possibleAt(String text, int i) {
                char c = text.charAt(i);
                if (c < 128 ? !firsts[c] : !(Character.isUpperCase(c) || Character.isHighSurrogate(c))) {
                    return false;
                }
                char before = i == 0 ? ' ' : text.charAt(i - 1);
                return before >= 128 || !words[before];
            }

            @Override
            public boolean[] asciiFirst() {
                return firsts;
            }
        };
    }

    /** A first char from a table (and any non-ASCII one, if asked), after a char not in another table. */
    final class FirstAfter implements MatchStart {
        private final boolean[] first;
        private final boolean nonAsciiFirst;
        private final boolean[] notAfter;

        private FirstAfter(boolean[] first, boolean nonAsciiFirst, boolean[] notAfter) {
            this.first = first;
            this.nonAsciiFirst = nonAsciiFirst;
            this.notAfter = notAfter;
        }

        @Override
        public boolean possibleAt(String text, int i) {
            char c = text.charAt(i);
            if (c < 128 ? !first[c] : !nonAsciiFirst) {
                return false;
            }
            if (i == 0) {
                return true;
            }
            char before = text.charAt(i - 1);
            return before >= 128 || !notAfter[before];
        }

        @Override
        public boolean[] asciiFirst() {
            return first;
        }

        @Override
        public boolean nonAsciiFirst() {
            return nonAsciiFirst;
        }
    }
}
