package dev.switchboard.guard.safety;

import java.util.ArrayList;
import java.util.List;

/**
 * Sentence ends as the guards need them: after {@code . ! ? 。 ！ ？} (and closing quotes or
 * brackets right after) when whitespace follows, and after a line break.
 */
final class Sentences {

    private Sentences() {
    }

    /** The index just past the last sentence end in {@code text}, or -1 when no sentence ended. */
    static int lastEnd(CharSequence text) {
        for (int i = text.length() - 1; i >= 0; i--) {
            char c = text.charAt(i);
            if (c == '\n') {
                return i + 1;
            }
            if (Character.isWhitespace(c) && i > 0 && endsSentence(text, i - 1)) {
                return i + 1;
            }
        }
        return -1;
    }

    /** {@code text} cut into sentences, each with its trailing whitespace; they join back into {@code text}. */
    static List<String> split(String text) {
        List<String> sentences = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean end = c == '\n' || Character.isWhitespace(c) && i > 0 && endsSentence(text, i - 1);
            if (end) {
                int stop = i + 1;
                while (stop < text.length() && Character.isWhitespace(text.charAt(stop))) {
                    stop++;
                }
                sentences.add(text.substring(start, stop));
                start = stop;
                i = stop - 1;
            }
        }
        if (start < text.length()) {
            sentences.add(text.substring(start));
        }
        return sentences;
    }

    /** True when the char at {@code i} ends a sentence, looking past closing quotes and brackets. */
    private static boolean endsSentence(CharSequence text, int i) {
        int k = i;
        while (k > 0 && "\"'”’»)]".indexOf(text.charAt(k)) >= 0) {
            k--;
        }
        char c = text.charAt(k);
        return c == '.' || c == '!' || c == '?' || c == '。' || c == '！' || c == '？';
    }
}
