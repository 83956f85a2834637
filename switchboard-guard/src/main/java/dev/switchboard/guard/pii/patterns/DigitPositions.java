package dev.switchboard.guard.pii.patterns;

/**
 * The positions of the ASCII digits of one text, found once per text and thread. The analyzer runs
 * some thirty digit-anchored rules over the same text one after another on one thread; without
 * this each of them would scan the whole text for digits again.
 *
 * <p>Each thread keeps the positions of the last text it asked about (compared by identity), for
 * texts up to {@value #MAX_KEPT_CHARS} chars, so what is kept per thread stays small.
 *
 * @param text the text
 * @param at the positions of its digits, ascending, in {@code at[0..count)}
 * @param count how many
 */
record DigitPositions(String text, int[] at, int count) {

    static final int MAX_KEPT_CHARS = 1 << 16;
    private static final ThreadLocal<DigitPositions> LAST = new ThreadLocal<>();

    /** The digit positions of {@code text}. */
    static DigitPositions of(String text) {
        DigitPositions last = LAST.get();
        if (last != null && last.text == text) {
            return last;
        }
        int[] at = new int[16];
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (count == at.length) {
                    at = java.util.Arrays.copyOf(at, count * 2);
                }
                at[count++] = i;
            }
        }
        DigitPositions found = new DigitPositions(text, at, count);
        if (text.length() <= MAX_KEPT_CHARS) {
            LAST.set(found);
        }
        return found;
    }
}
