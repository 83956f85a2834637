package dev.switchboard.core.accounting;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Byte-level looks into streamed chunks, so that metering a stream does not parse every chunk:
 * whether a chunk carries a {@code usage} object, and the raw text of its content and tool-call
 * argument deltas (kept only to estimate usage if the upstream never reports it).
 */
final class ChunkScanner {

    private static final byte[] USAGE = "\"usage\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT = "\"content\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ARGUMENTS = "\"arguments\"".getBytes(StandardCharsets.US_ASCII);

    private ChunkScanner() {
    }

    /** True when the chunk has {@code "usage": {...}} (not {@code null}). */
    static boolean hasUsage(byte[] json) {
        int at = indexOf(json, USAGE, 0);
        while (at >= 0) {
            int i = skipToValue(json, at + USAGE.length);
            if (i >= 0 && i < json.length && json[i] == '{') {
                return true;
            }
            at = indexOf(json, USAGE, at + USAGE.length);
        }
        return false;
    }

    /**
     * The chunk without its {@code "usage": null} member (OpenAI-style upstreams put one in every
     * chunk once usage is asked for), or {@code json} itself when it has none.
     */
    static byte[] withoutNullUsage(byte[] json) {
        for (int at = indexOf(json, USAGE, 0); at >= 0; at = indexOf(json, USAGE, at + USAGE.length)) {
            int value = skipToValue(json, at + USAGE.length);
            if (value < 0 || value + 4 > json.length || json[value] != 'n' || json[value + 1] != 'u'
                    || json[value + 2] != 'l' || json[value + 3] != 'l') {
                continue;
            }
            int from = at;
            int to = value + 4;
            int before = at - 1;
            while (before >= 0 && isSpace(json[before])) {
                before--;
            }
            if (before >= 0 && json[before] == ',') {
                from = before; // ..., "usage": null}  ->  ...}
            } else {
                int after = to;
                while (after < json.length && isSpace(json[after])) {
                    after++;
                }
                if (after < json.length && json[after] == ',') {
                    to = after + 1; // {"usage": null, ...  ->  {...
                }
            }
            byte[] out = new byte[json.length - (to - from)];
            System.arraycopy(json, 0, out, 0, from);
            System.arraycopy(json, to, out, from, json.length - to);
            return out;
        }
        return json;
    }

    /**
     * Appends the still-escaped text of every {@code "content": "..."} and
     * {@code "arguments": "..."} string in the chunk to {@code text}, up to {@code maxBytes} in all.
     */
    static void appendText(byte[] json, ByteArrayOutputStream text, int maxBytes) {
        appendStrings(json, CONTENT, text, maxBytes);
        appendStrings(json, ARGUMENTS, text, maxBytes);
    }

    private static void appendStrings(byte[] json, byte[] field, ByteArrayOutputStream text, int maxBytes) {
        for (int at = indexOf(json, field, 0); at >= 0; at = indexOf(json, field, at + field.length)) {
            int start = skipToValue(json, at + field.length);
            if (start < 0 || start >= json.length || json[start] != '"') {
                continue; // null, or not a string
            }
            int end = start + 1;
            while (end < json.length && json[end] != '"') {
                end += json[end] == '\\' ? 2 : 1;
            }
            int length = Math.min(end, json.length) - start - 1;
            if (length > 0 && text.size() + length <= maxBytes) {
                text.write(json, start + 1, length);
            }
        }
    }

    /** The index of the value after a field name (past ':' and whitespace), or -1. */
    private static int skipToValue(byte[] json, int from) {
        int i = from;
        while (i < json.length && isSpace(json[i])) {
            i++;
        }
        if (i >= json.length || json[i] != ':') {
            return -1;
        }
        i++;
        while (i < json.length && isSpace(json[i])) {
            i++;
        }
        return i;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
