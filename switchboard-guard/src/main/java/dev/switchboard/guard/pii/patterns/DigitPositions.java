package dev.switchboard.guard.pii.patterns;

/**
 * The positions of the ASCII digits of one text, found once per text and thread. The analyzer runs
 * some thirty digit-anchored rules over the same text one after another on one thread; without
 * this each of them would scan the whole text for digits again.
 *
 * <p>Each thread keeps the positions of the last text it asked about ({@link LastText}).
 *
 * @param at the positions of its digits, ascending, in {@code at[0..count)}
 * @param count how many
 */
record DigitPositions(int[] at, int count) {

    private static final LastText<DigitPositions> LAST = new LastText<>(DigitPositions::find);

    /** The digit positions of {@code text}. */
    static DigitPositions of(String text) {
        return LAST.of(text);
    }

    private static DigitPositions find(String text) {
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
        return new DigitPositions(at, count);
    }
}
