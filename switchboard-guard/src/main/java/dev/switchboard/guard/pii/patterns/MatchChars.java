package dev.switchboard.guard.pii.patterns;

import java.util.function.IntPredicate;

/**
 * Sets of the chars a pattern's matches can hold (lookarounds aside), for cutting an anchored
 * rule's windows to the run of such chars around each anchor
 * ({@link Anchors#matches(String, java.util.regex.Pattern, int, int, IntPredicate, MatchStart,
 * java.util.function.Consumer)}). A set may hold more chars than the pattern uses, never fewer.
 */
final class MatchChars {

    static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    static final String DIGITS = "0123456789";
    static final String HEX = "0123456789ABCDEFabcdef";

    private MatchChars() {
    }

    /** Exactly the (ASCII) chars of {@code chars}. */
    static IntPredicate of(String chars) {
        boolean[] set = asciiSet(chars);
        return c -> c < 128 && set[c];
    }

    /** The chars of a string as a lookup table indexed by char; only ASCII chars are allowed. */
    static boolean[] asciiSet(String chars) {
        boolean[] set = new boolean[128];
        for (int k = 0; k < chars.length(); k++) {
            char c = chars.charAt(k);
            if (c >= 128) {
                throw new IllegalArgumentException("only ASCII chars: " + chars);
            }
            set[c] = true;
        }
        return set;
    }

    /** Every char but {@code excluded} (ASCII) and {@code \s}'s ASCII whitespace. */
    static IntPredicate noneOfNorBlank(String excluded) {
        IntPredicate out = of(excluded + " \t\n\u000B\f\r");
        return c -> !out.test(c);
    }
}
