package dev.switchboard.guard.ner;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * A text split into word and punctuation tokens, each with its char offsets in the text.
 *
 * <p>Words are runs of letters, digits and combining marks, joined over an inner hyphen
 * ("Weeks-Rivas") or underscore ("anna_b"), apostrophe ("O'Brien", but "John" + "'s"), a period between initials or digits
 * ("U.S.", "3.5") or before a short lower-case extension ("resume.doc", "acme.com") and a leading {@code @} or {@code #} ("@alice"). A trailing period stays with a
 * single letter ("J.") and with known abbreviations ("Mr.", "Inc."). Any other non-space char is a
 * token of its own. Linear in the text's length.
 */
final class Tokens {

    /** Longest word kept whole; longer runs are cut, so hostile input cannot make huge tokens. */
    static final int MAX_TOKEN_CHARS = 64;

    /** Words that keep a period that follows them. */
    private static final Set<String> ABBREVIATIONS = Set.of(
            "mr", "mrs", "ms", "mx", "dr", "prof", "st", "jr", "sr", "snr", "jnr", "inc", "co", "corp", "ltd",
            "mt", "ft", "rev", "gen", "sen", "rep", "gov", "capt", "cpt", "col", "lt", "sgt", "hon", "messrs",
            "mme", "mlle", "vs", "no", "apt", "ave", "blvd", "rd", "bros", "dept", "univ", "assn", "est",
            "pres", "supt", "cmdr", "maj", "pvt", "cpl", "fr", "sra", "sta", "ste", "esq", "llc", "plc", "e.g",
            "i.e", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec");

    private final String text;
    private final int[] starts;
    private final int[] ends;
    private final int size;

    private Tokens(String text, int[] starts, int[] ends, int size) {
        this.text = text;
        this.starts = starts;
        this.ends = ends;
        this.size = size;
    }

    static Tokens of(String text) {
        int capacity = Math.max(16, Math.min(text.length() / 4, 1 << 16));
        int[] starts = new int[capacity];
        int[] ends = new int[capacity];
        int n = 0;
        int length = text.length();
        int i = 0;
        // the next ':' and '@' at or after i (-1 for none): a link needs one or a "www." start
        int colon = text.indexOf(':');
        int at = text.indexOf('@');
        while (i < length) {
            char c = text.charAt(i);
            int cp = Character.isSurrogate(c) ? text.codePointAt(i) : c;
            int cpLength = Character.charCount(cp);
            if (isSpace(cp)) {
                i += cpLength;
                continue;
            }
            int start = i;
            int end;
            int link = -1;
            if (i == 0 || isSpace(text.codePointBefore(i))) {
                if (colon >= 0 && colon < i) {
                    colon = text.indexOf(':', i);
                }
                if (at >= 0 && at < i) {
                    at = text.indexOf('@', i);
                }
                if (mayStartLink(text, i, colon, at)) {
                    link = linkEnd(text, i);
                }
            }
            if (link > 0) {
                end = link;
            } else if (isWordChar(cp) || (cp == '@' || cp == '#') && i + 1 < length && isWordChar(text.codePointAt(i + 1))) {
                end = wordEnd(text, i + cpLength);
            } else if ((cp == '\'' || cp == '\u2019') && i + 1 < length && (text.charAt(i + 1) == 's' || text.charAt(i + 1) == 'S')
                    && (i + 2 >= length || !isWordChar(text.codePointAt(i + 2)))) {
                end = i + 2; // possessive 's, split from its word as treebanks do
            } else {
                end = i + cpLength;
            }
            if (n == starts.length) {
                starts = Arrays.copyOf(starts, n * 2);
                ends = Arrays.copyOf(ends, n * 2);
            }
            starts[n] = start;
            ends[n] = end;
            n++;
            i = end;
        }
        return new Tokens(text, starts, ends, n);
    }

    private static boolean isSpace(int cp) {
        if (cp < 128) {
            return cp <= ' ' || cp == 0x7f; // what the tests below give for ASCII, without the table lookups
        }
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.isISOControl(cp)
                || Character.getType(cp) == Character.FORMAT;
    }

    /**
     * False when no link can start at {@code from}: it does not start with a "w" and neither of
     * the next ':' and '@' ({@code colon}, {@code at}; -1 for none) comes before the next space,
     * where {@link #linkEnd} stops looking. Saves scanning each word twice in text without links.
     */
    private static boolean mayStartLink(String text, int from, int colon, int at) {
        if ((text.charAt(from) | 0x20) == 'w') {
            return true;
        }
        int nearest = colon < 0 ? at : at < 0 ? colon : Math.min(colon, at);
        if (nearest < 0) {
            return false;
        }
        int space = text.indexOf(' ', from);
        return space < 0 || nearest < space;
    }

    /**
     * The end of a URL or e-mail address starting at {@code from} (one token: names inside
     * "www.acme.co.uk" or "anna.smith@acme.com" are not names in running text), or -1.
     */
    private static int linkEnd(String text, int from) {
        int end = from;
        int length = text.length();
        boolean scheme = false;
        int at = -1;
        boolean dotAfterAt = false;
        while (end < length && end - from < 2048) {
            char c = text.charAt(end);
            if (Character.isWhitespace(c) || c == '<' || c == '>' || c == '"' || c == '(' || c == ')') {
                break;
            }
            if (c == ':' && text.startsWith("//", end + 1)) {
                scheme = true;
            } else if (c == '@' && end > from) {
                at = end;
            } else if (c == '.' && at >= 0 && end > at + 1) {
                dotAfterAt = true;
            }
            end++;
        }
        boolean www = (text.charAt(from) | 0x20) == 'w' && text.regionMatches(true, from, "www.", 0, 4);
        if (!scheme && !www && !dotAfterAt) {
            return -1;
        }
        while (end > from + 1 && ".,;:!?'".indexOf(text.charAt(end - 1)) >= 0) {
            end--; // sentence punctuation after a link is not part of it
        }
        return end;
    }

    private static int wordEnd(String text, int from) {
        int length = text.length();
        int i = from;
        int segmentStart = from - 1;
        boolean dotted = false;
        while (i < length && i - segmentStart < MAX_TOKEN_CHARS) {
            int cp = text.codePointAt(i);
            if (isWordChar(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            boolean nextIsWord = i + 1 < length && isWordChar(text.codePointAt(i + 1));
            if (!nextIsWord) {
                break;
            }
            if (cp == '-' || cp == '_' || cp == '&' && i - segmentStart <= 2) {
                i++;
            } else if (cp == '\'' || cp == '\u2019') {
                char next = text.charAt(i + 1);
                boolean possessive = (next == 's' || next == 'S') && (i + 2 >= length || !isWordChar(text.codePointAt(i + 2)));
                if (possessive) {
                    break;
                }
                i++;
            } else if (cp == '.' && isInitialSegment(text, segmentStart, i)) {
                dotted = true;
                i++;
            } else if (cp == '.' && Character.isDigit(text.charAt(i - 1)) && Character.isDigit(text.charAt(i + 1))) {
                i++;
            } else if (cp == '.' && isExtension(text, i + 1)) {
                i++; // a file name or domain: "resume.doc", "acme.com"
            } else {
                break;
            }
        }
        if (i < length && text.charAt(i) == '.' && (dotted || i - segmentStart == 1
                || i - segmentStart <= 6 && ABBREVIATIONS.contains(text.substring(segmentStart, i).toLowerCase(Locale.ROOT)))) {
            i++;
        }
        return i;
    }

    /** True when 1 to 4 lower-case letters or digits start at {@code from} and no letter follows them. */
    private static boolean isExtension(String text, int from) {
        int i = from;
        while (i < text.length() && i - from <= 4) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
                break;
            }
            i++;
        }
        return i > from && i - from <= 4 && (i == text.length() || !Character.isLetterOrDigit(text.charAt(i)));
    }

    /** True when the word so far is single letters separated by periods ("U", "U.S"). */
    private static boolean isInitialSegment(String text, int start, int end) {
        for (int k = start; k < end; k++) {
            boolean letterSlot = (k - start) % 2 == 0;
            char c = text.charAt(k);
            if (letterSlot ? !Character.isLetter(c) : c != '.') {
                return false;
            }
        }
        return true;
    }

    static boolean isWordChar(int cp) {
        if (cp < 128) {
            return cp >= 'a' && cp <= 'z' || cp >= 'A' && cp <= 'Z' || cp >= '0' && cp <= '9';
        }
        return Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK
                || Character.getType(cp) == Character.COMBINING_SPACING_MARK;
    }

    int size() {
        return size;
    }

    int start(int token) {
        return starts[token];
    }

    int end(int token) {
        return ends[token];
    }

    String word(int token) {
        return text.substring(starts[token], ends[token]);
    }

    String text() {
        return text;
    }

    /** True when a line break lies between token {@code token - 1} and {@code token}. */
    boolean lineBreakBefore(int token) {
        if (token == 0) {
            return true;
        }
        for (int k = ends[token - 1]; k < starts[token]; k++) {
            char c = text.charAt(k);
            if (c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }
}
