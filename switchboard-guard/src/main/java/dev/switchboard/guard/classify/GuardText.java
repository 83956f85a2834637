package dev.switchboard.guard.classify;

import dev.switchboard.guard.pii.NormalizedText;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A text as the guards read it: the normalized form (NFKC, look-alike letters as Latin, zero-width
 * and bidi controls removed — {@link NormalizedText}) lower-cased with runs of whitespace collapsed,
 * plus the payloads hidden in it decoded: base64 and hex runs that decode to readable text, and the
 * ROT13 reading of the whole text. Guards score every variant and keep the highest score, so an
 * instruction cannot hide behind an encoding.
 *
 * <p>Work is bounded: at most {@link #MAX_PAYLOADS} payloads are decoded, each of at most
 * {@link #MAX_PAYLOAD_CHARS} chars. Immutable.
 */
public final class GuardText {

    /** Most encoded payloads decoded per text. */
    public static final int MAX_PAYLOADS = 8;
    /** Longest encoded run decoded, in chars; longer runs are decoded up to this length. */
    public static final int MAX_PAYLOAD_CHARS = 8192;
    private static final int MIN_BASE64_CHARS = 16;
    private static final int MIN_HEX_CHARS = 16;

    private final String text;
    private final List<String> decoded;

    private GuardText(String text, List<String> decoded) {
        this.text = text;
        this.decoded = decoded;
    }

    /** Normalizes {@code original} and decodes its payloads; linear in its length. */
    public static GuardText of(String original) {
        String text = fold(NormalizedText.of(original).text());
        List<String> decoded = new ArrayList<>(2);
        payloads(original, decoded);
        return new GuardText(text, List.copyOf(decoded));
    }

    /** The normalized, lower-cased text with whitespace collapsed to single spaces. */
    public String text() {
        return text;
    }

    /** Decoded base64 and hex payloads, normalized like {@link #text()}; often empty. */
    public List<String> decoded() {
        return decoded;
    }

    /** The ROT13 reading of {@link #text()} (letters a–z rotated by 13), computed on each call. */
    public String rot13() {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (c >= 'a' && c <= 'z') {
                chars[i] = (char) ('a' + (c - 'a' + 13) % 26);
            }
        }
        return new String(chars);
    }

    /** Lower-cases and collapses whitespace; does not normalize Unicode (see {@link #of}). */
    public static String fold(String normalized) {
        StringBuilder out = new StringBuilder(normalized.length());
        boolean space = true; // drops leading whitespace
        for (int i = 0; i < normalized.length(); i++) {
            char c = normalized.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                if (!space) {
                    out.append(' ');
                    space = true;
                }
            } else {
                out.append(c);
                space = false;
            }
        }
        int end = out.length();
        if (end > 0 && out.charAt(end - 1) == ' ') {
            out.setLength(end - 1);
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    /** Finds base64 and hex runs in {@code original} and adds the readable ones, decoded and folded. */
    private static void payloads(String original, List<String> out) {
        int n = original.length();
        int i = 0;
        while (i < n && out.size() < MAX_PAYLOADS) {
            if (!isBase64Char(original.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && isBase64Char(original.charAt(i))) {
                i++;
            }
            int end = i;
            while (end < n && end - start < MAX_PAYLOAD_CHARS && original.charAt(end) == '=') {
                end++;
            }
            i = end;
            int length = Math.min(end - start, MAX_PAYLOAD_CHARS);
            if (length < Math.min(MIN_BASE64_CHARS, MIN_HEX_CHARS)) {
                continue;
            }
            String run = original.substring(start, start + length);
            String text = isHex(run) ? hex(run) : base64(run);
            if (text != null) {
                out.add(fold(NormalizedText.of(text).text()));
            }
        }
    }

    private static boolean isBase64Char(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
                || c == '-' || c == '_';
    }

    private static boolean isHex(String run) {
        if (run.length() < MIN_HEX_CHARS || run.length() % 2 != 0) {
            return false;
        }
        for (int i = 0; i < run.length(); i++) {
            if (Character.digit(run.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static String hex(String run) {
        byte[] bytes = new byte[run.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(run, 2 * i, 2 * i + 2, 16);
        }
        return readable(bytes);
    }

    private static String base64(String run) {
        if (run.length() < MIN_BASE64_CHARS) {
            return null;
        }
        // an ordinary long word is also a base64 run; only runs mixing cases or digits are worth decoding
        boolean upper = false;
        boolean lower = false;
        boolean other = false;
        for (int i = 0; i < run.length(); i++) {
            char c = run.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            other |= c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=';
        }
        if (!(upper && lower) && !other) {
            return null;
        }
        String body = run.replace('-', '+').replace('_', '/');
        int unpadded = body.length();
        while (unpadded > 0 && body.charAt(unpadded - 1) == '=') {
            unpadded--;
        }
        // a lone char past a multiple of four carries no whole byte
        body = body.substring(0, unpadded % 4 == 1 ? unpadded - 1 : unpadded);
        try {
            return readable(Base64.getDecoder().decode(pad(body)));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String pad(String body) {
        int rest = body.length() % 4;
        return rest == 0 ? body : body + "==".substring(0, 4 - rest);
    }

    /** The bytes as UTF-8 text when they are valid UTF-8 and mostly letters and spaces; else null. */
    private static String readable(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        int letters = 0;
        int spaces = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                letters++;
            } else if (c == ' ') {
                spaces++;
            } else if (Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\r') {
                return null;
            }
        }
        return spaces > 0 && letters + spaces >= 0.8 * text.length() ? text : null;
    }
}
