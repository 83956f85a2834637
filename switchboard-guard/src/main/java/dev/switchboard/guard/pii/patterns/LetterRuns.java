package dev.switchboard.guard.pii.patterns;

/**
 * The words of one text — maximal runs of letters ({@link Character#isLetter(char)}) — found once
 * per text and thread, for the word anchors of several rules (weekdays, month names, street words)
 * that would otherwise each scan the whole text. Kept per thread for the last text asked about
 * ({@link LastText}).
 *
 * @param starts the start of each run, ascending, in {@code starts[0..count)}
 * @param ends the end (exclusive) of each run
 * @param count how many runs
 */
record LetterRuns(int[] starts, int[] ends, int count) {

    private static final LastText<LetterRuns> LAST = new LastText<>(LetterRuns::find);

    /** The letter runs of {@code text}. */
    static LetterRuns of(String text) {
        return LAST.of(text);
    }

    private static LetterRuns find(String text) {
        int[] starts = new int[16];
        int[] ends = new int[16];
        int count = 0;
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!isLetter(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && isLetter(text.charAt(i))) {
                i++;
            }
            if (count == starts.length) {
                starts = java.util.Arrays.copyOf(starts, count * 2);
                ends = java.util.Arrays.copyOf(ends, count * 2);
            }
            starts[count] = start;
            ends[count] = i;
            count++;
        }
        return new LetterRuns(starts, ends, count);
    }

    /** {@link Character#isLetter(char)}, with ASCII answered without its tables. */
    private static boolean isLetter(char c) {
        return c < 128 ? (c | 0x20) - 'a' < 26 && (c | 0x20) >= 'a' : Character.isLetter(c);
    }
}
