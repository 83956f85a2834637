package dev.switchboard.guard.classify;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts folded text into overlapping windows at spaces, so a classifier trained on short texts sees
 * text of that size and a short instruction in a long document is not diluted by the rest. A text
 * with more windows than allowed is sampled evenly (its first and last window always included), which
 * bounds the work per text.
 */
public final class Windows {

    private Windows() {
    }

    /** A window: {@code [start, end)} of the folded text. */
    public record Window(int start, int end) {
    }

    /**
     * @param length the text's length
     * @param size most chars per window
     * @param stride chars between window starts, at most {@code size}
     * @param max most windows returned
     */
    public static List<Window> of(String text, int size, int stride, int max) {
        int length = text.length();
        List<Window> windows = new ArrayList<>();
        if (length <= size) {
            windows.add(new Window(0, length));
            return windows;
        }
        int start = 0;
        while (true) {
            int end = Math.min(length, start + size);
            if (end < length) {
                int space = text.lastIndexOf(' ', end);
                if (space > start + size / 2) {
                    end = space;
                }
            }
            windows.add(new Window(start, end));
            if (end >= length) {
                break;
            }
            int next = start + stride;
            int space = text.indexOf(' ', next);
            start = space >= 0 && space < next + 32 ? space + 1 : next;
        }
        if (windows.size() <= max) {
            return windows;
        }
        List<Window> sampled = new ArrayList<>(max);
        for (int i = 0; i < max; i++) {
            sampled.add(windows.get((int) ((long) i * (windows.size() - 1) / (max - 1))));
        }
        return sampled;
    }
}
