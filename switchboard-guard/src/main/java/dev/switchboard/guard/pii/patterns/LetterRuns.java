package dev.switchboard.guard.pii.patterns;

/**
 * The words of one text — maximal runs of letters ({@link Character#isLetter(char)}) — found once
 * per text and thread, for the word anchors of several rules (weekdays, month names, street words)
 * that would otherwise each scan the whole text. Kept per thread for the last text asked about
 * (compared by identity) of up to {@value DigitPositions#MAX_KEPT_CHARS} chars.
 *
 * @param text the text
 * @param starts the start of each run, ascending, in {@code starts[0..count)}
 * @param ends the end (exclusive) of each run
 * @param count how many runs
 */
record LetterRuns(String text, int[] starts, int[] ends, int count) {

    private static final ThreadLocal<LetterRuns> LAST = new ThreadLocal<>();

    /** The letter runs of {@code text}. */
    static LetterRuns of(String text) {
        LetterRuns last = LAST.get();
        if (last != null && last.text == text) {
            return last;
        }
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
        LetterRuns found = new LetterRuns(text, starts, ends, count);
        if (n <= DigitPositions.MAX_KEPT_CHARS) {
            LAST.set(found);
        }
        return found;
    }

    /** {@link Character#isLetter(char)}, with ASCII answered without its tables. */
    private static boolean isLetter(char c) {
        return c < 128 ? (c | 0x20) - 'a' < 26 && (c | 0x20) >= 'a' : Character.isLetter(c);
    }
}
