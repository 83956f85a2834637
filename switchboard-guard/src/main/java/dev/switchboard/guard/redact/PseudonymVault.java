package dev.switchboard.guard.redact;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The placeholders of one request and the originals they stand for. The same original of the same
 * entity type always gets the same placeholder ({@code <PERSON_1>}, {@code <PERSON_2>},
 * {@code <EMAIL_ADDRESS_1>}), numbered per type in order of first appearance, so that the model sees
 * which mentions are the same person, and its answer can be {@linkplain #restore restored}.
 *
 * <p>Lives as long as its request and is never stored. Not thread-safe: a request's redaction and
 * the reading of its answer happen one after the other on the request's thread.
 */
public final class PseudonymVault {

    private final Map<String, String> byOriginal = new HashMap<>();
    private final NavigableMap<String, String> byPlaceholder = new TreeMap<>();
    private final Map<String, Integer> counters = new HashMap<>();
    private int longestPlaceholder;

    /** The placeholder of {@code original}, a finding of {@code type}, made on first use. */
    public String placeholder(String type, String original) {
        String key = type + '\u0000' + original;
        String existing = byOriginal.get(key);
        if (existing != null) {
            return existing;
        }
        int number = counters.merge(type, 1, Integer::sum);
        String placeholder = "<" + type + "_" + number + ">";
        byOriginal.put(key, placeholder);
        byPlaceholder.put(placeholder, original);
        longestPlaceholder = Math.max(longestPlaceholder, placeholder.length());
        return placeholder;
    }

    /** The original behind a placeholder of this vault, or null. */
    public String original(String placeholder) {
        return byPlaceholder.get(placeholder);
    }

    public boolean isEmpty() {
        return byPlaceholder.isEmpty();
    }

    public int size() {
        return byPlaceholder.size();
    }

    /** {@code text} with every placeholder of this vault replaced by its original. */
    public String restore(String text) {
        return restore(text, UnaryOperator.identity());
    }

    /**
     * {@code text} with every placeholder of this vault replaced by its original, passed through
     * {@code escape} first (e.g. JSON string escaping, for placeholders inside tool-call arguments).
     * Placeholders this vault did not make are left as they are.
     */
    public String restore(String text, UnaryOperator<String> escape) {
        if (isEmpty()) {
            return text;
        }
        int open = text.indexOf('<');
        if (open < 0) {
            return text;
        }
        StringBuilder out = null;
        int copied = 0;
        while (open >= 0) {
            int close = text.indexOf('>', open + 1);
            if (close < 0) {
                break;
            }
            String original = close - open + 1 <= longestPlaceholder ? byPlaceholder.get(text.substring(open, close + 1))
                    : null;
            if (original != null) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16);
                }
                out.append(text, copied, open).append(escape.apply(original));
                copied = close + 1;
                open = text.indexOf('<', copied);
            } else {
                open = text.indexOf('<', open + 1);
            }
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, text.length()).toString();
    }

    /**
     * True when {@code text} is a proper prefix of one of this vault's placeholders (it could turn
     * into one when more text arrives).
     */
    boolean couldBecomePlaceholder(CharSequence text) {
        if (text.length() >= longestPlaceholder) {
            return false;
        }
        String prefix = text.toString();
        String next = byPlaceholder.ceilingKey(prefix);
        return next != null && next.length() > prefix.length() && next.startsWith(prefix);
    }

    int longestPlaceholder() {
        return longestPlaceholder;
    }
}
