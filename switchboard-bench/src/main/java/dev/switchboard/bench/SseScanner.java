package dev.switchboard.bench;

import java.util.function.LongSupplier;

/**
 * Finds server-sent events in a streamed body: each {@code data:} line is one event, and
 * {@code data: [DONE]} marks the end of an OpenAI stream. Keeps only the first bytes of the current
 * line, so it works on slices of any size without copying the body. One per response; not thread-safe.
 */
final class SseScanner implements HttpInput.SliceSink {

    private static final byte[] DATA = {'d', 'a', 't', 'a', ':'};
    private static final byte[] DONE = {'[', 'D', 'O', 'N', 'E', ']'};
    private static final int PREFIX_BYTES = 16;

    private final LongSupplier nanoClock;
    private final Runnable onEvent;
    private final byte[] prefix = new byte[PREFIX_BYTES];
    private int lineLength;
    private long events;
    private long firstEventNanos;
    private boolean done;
    private long eventsAfterDone;

    /**
     * @param nanoClock  read once, when the first event is complete
     * @param onEvent    called for every event, on the reading thread (e.g. to count events globally)
     */
    SseScanner(LongSupplier nanoClock, Runnable onEvent) {
        this.nanoClock = nanoClock;
        this.onEvent = onEvent;
    }

    @Override
    public void accept(byte[] bytes, int offset, int length) {
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                endOfLine();
                lineLength = 0;
            } else {
                if (lineLength < PREFIX_BYTES) {
                    prefix[lineLength] = b;
                }
                lineLength++;
            }
        }
    }

    private void endOfLine() {
        int length = lineLength;
        if (length > 0 && length <= PREFIX_BYTES && prefix[length - 1] == '\r') {
            length--;
        } else if (length > PREFIX_BYTES) {
            length--; // a CR, if any, lies beyond the prefix; long lines are never [DONE] anyway
        }
        if (length < DATA.length || !startsWith(prefix, 0, DATA)) {
            return;
        }
        int value = DATA.length;
        if (value < length && prefix[value] == ' ') {
            value++;
        }
        if (done) {
            eventsAfterDone++;
        }
        events++;
        if (events == 1) {
            firstEventNanos = nanoClock.getAsLong();
        }
        if (length - value == DONE.length && startsWith(prefix, value, DONE)) {
            done = true;
        }
        onEvent.run();
    }

    private static boolean startsWith(byte[] bytes, int from, byte[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (bytes[from + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** Events seen, the {@code [DONE]} marker included. */
    long events() {
        return events;
    }

    /** Clock reading when the first event was complete; 0 if there was none. */
    long firstEventNanos() {
        return firstEventNanos;
    }

    /** Whether {@code data: [DONE]} was seen. */
    boolean sawDone() {
        return done;
    }

    /** Events after {@code [DONE]} (a protocol error if ever non-zero). */
    long eventsAfterDone() {
        return eventsAfterDone;
    }
}
