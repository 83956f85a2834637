package dev.switchboard.guard.pii;

import java.text.Normalizer;

/**
 * A text as recognizers see it, with a map back to the original: the same text NFKC-normalized,
 * without invisible characters, with Unicode digits and look-alike letters as ASCII, so that an
 * address written with a zero-width space after its first letter and a Cyrillic "a" is matched as
 * {@code john@example.com}.
 *
 * <p>What normalization does, per grapheme-like cluster (a base character and the combining marks
 * that follow it), so every normalized char maps back to one cluster of the original:
 * <ul>
 *   <li>removes zero-width characters (U+200B–U+200D, U+2060, U+FEFF), the soft hyphen (U+00AD)
 *       and bidi controls (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069);</li>
 *   <li>replaces lone surrogates with U+FFFD;</li>
 *   <li>applies NFKC (fullwidth forms, ligatures, compatibility spaces) and maps every decimal
 *       digit to its ASCII digit and dashes to {@code -};</li>
 *   <li>maps Cyrillic and Greek letters that look Latin to the Latin letter, but only in
 *       whitespace-separated tokens that also hold an ASCII letter, digit or {@code @}: a Russian
 *       or Greek word stays as it is, a Latin word with a disguised letter is repaired.</li>
 * </ul>
 *
 * <p>Memory is linear: the normalized string plus two {@code int}s per normalized char (none at
 * all when the text needs no change). Immutable and thread-safe.
 */
public final class NormalizedText {

    private final String original;
    private final String text;
    /** Per normalized char, the original index where its cluster starts; null for identity. */
    private final int[] starts;
    /** Per normalized char, the original index just past its cluster; null for identity. */
    private final int[] ends;

    private NormalizedText(String original, String text, int[] starts, int[] ends) {
        this.original = original;
        this.text = text;
        this.starts = starts;
        this.ends = ends;
    }

    /** Normalizes {@code original}; linear in its length. */
    public static NormalizedText of(String original) {
        if (isPlainAscii(original)) {
            return new NormalizedText(original, original, null, null);
        }
        Builder builder = new Builder(original);
        builder.run();
        return new NormalizedText(original, builder.out.toString(), builder.trimmedStarts(), builder.trimmedEnds());
    }

    /** The text recognizers see. */
    public String text() {
        return text;
    }

    public String original() {
        return original;
    }

    /** True when normalization changed nothing, so offsets are the same in both texts. */
    public boolean isIdentity() {
        return starts == null;
    }

    /** The original offset of the span starting at normalized index {@code start}. */
    public int originalStart(int start) {
        return starts == null ? start : starts[start];
    }

    /** The original offset just past the span ending (exclusive) at normalized index {@code end}. */
    public int originalEnd(int end) {
        if (starts == null) {
            return end;
        }
        if (end <= 0) {
            return 0;
        }
        return ends[end - 1];
    }

    /** {@code finding}, found in {@link #text()}, with its span in the original text. */
    public Finding toOriginal(Finding finding) {
        if (starts == null) {
            return finding;
        }
        return new Finding(finding.type(), originalStart(finding.start()), originalEnd(finding.end()),
                finding.score(), finding.recognizer());
    }

    private static boolean isPlainAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** True for characters that are invisible and only ever used to split or reorder text. */
    static boolean isIgnorable(int cp) {
        return cp >= 0x200B && cp <= 0x200F
                || cp == 0x00AD || cp == 0x2060 || cp == 0xFEFF
                || cp >= 0x202A && cp <= 0x202E
                || cp >= 0x2066 && cp <= 0x2069;
    }

    private static boolean isCombiningMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK;
    }

    /** Single-pass normalizer; a token is buffered until we know whether it is mixed-script. */
    private static final class Builder {
        private final String in;
        private final StringBuilder out;
        private int[] starts;
        private int[] ends;
        /** Index in {@link #out} where the current whitespace-delimited token starts. */
        private int tokenStart;
        private boolean tokenHasAscii;

        Builder(String in) {
            this.in = in;
            this.out = new StringBuilder(in.length());
            this.starts = new int[Math.max(16, in.length())];
            this.ends = new int[starts.length];
        }

        void run() {
            int i = 0;
            int n = in.length();
            while (i < n) {
                int cp = in.codePointAt(i);
                int next = i + Character.charCount(cp);
                if (Character.isSurrogate(in.charAt(i)) && Character.charCount(cp) == 1) {
                    emit('\uFFFD', i, next);
                    i = next;
                    continue;
                }
                if (isIgnorable(cp)) {
                    i = next;
                    continue;
                }
                // A cluster: this code point and the combining marks after it (invisible ones are skipped within).
                int end = next;
                while (end < n) {
                    int mark = in.codePointAt(end);
                    if (!isCombiningMark(mark) || Character.isSurrogate(in.charAt(end)) && Character.charCount(mark) == 1) {
                        break;
                    }
                    end += Character.charCount(mark);
                }
                if (cp < 0x80 && end == next) {
                    emit((char) cp, i, next);
                } else {
                    String cluster = Normalizer.normalize(in.substring(i, end), Normalizer.Form.NFKC);
                    for (int k = 0; k < cluster.length(); ) {
                        int c = cluster.codePointAt(k);
                        k += Character.charCount(c);
                        emitCodePoint(simplify(c), i, end);
                    }
                }
                i = end;
            }
            endToken();
        }

        private static int simplify(int cp) {
            if (cp < 0x80) {
                return cp;
            }
            if (Character.isDigit(cp)) {
                int digit = Character.digit(cp, 10);
                if (digit >= 0) {
                    return '0' + digit;
                }
            }
            if (cp >= 0x2010 && cp <= 0x2015 || cp == 0x2212 || cp == 0xFE63) {
                return '-';
            }
            return cp;
        }

        private void emitCodePoint(int cp, int from, int to) {
            if (Character.isBmpCodePoint(cp)) {
                emit((char) cp, from, to);
            } else {
                emit(Character.highSurrogate(cp), from, to);
                emit(Character.lowSurrogate(cp), from, to);
            }
        }

        private void emit(char c, int from, int to) {
            if (Character.isWhitespace(c)) {
                endToken();
            } else if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '@')) {
                tokenHasAscii = true;
            }
            int k = out.length();
            if (k == starts.length) {
                int grown = starts.length + (starts.length >> 1) + 16;
                starts = java.util.Arrays.copyOf(starts, grown);
                ends = java.util.Arrays.copyOf(ends, grown);
            }
            out.append(c);
            starts[k] = from;
            ends[k] = to;
            if (Character.isWhitespace(c)) {
                tokenStart = out.length();
            }
        }

        /** Repairs look-alike letters in the token just finished if it is mixed with ASCII. */
        private void endToken() {
            if (tokenHasAscii) {
                for (int k = tokenStart; k < out.length(); k++) {
                    char c = out.charAt(k);
                    if (c >= 0x370) {
                        char latin = Confusables.latin(c);
                        if (latin != 0) {
                            out.setCharAt(k, latin);
                        }
                    }
                }
            }
            tokenStart = out.length();
            tokenHasAscii = false;
        }

        int[] trimmedStarts() {
            return java.util.Arrays.copyOf(starts, out.length());
        }

        int[] trimmedEnds() {
            return java.util.Arrays.copyOf(ends, out.length());
        }
    }
}
