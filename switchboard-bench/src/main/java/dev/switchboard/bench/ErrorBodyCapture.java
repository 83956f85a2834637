package dev.switchboard.bench;

import java.nio.charset.StandardCharsets;

/** Keeps the first 300 bytes of an error response's body, for the report's error examples. */
final class ErrorBodyCapture implements HttpInput.SliceSink {

    private final byte[] bytes = new byte[300];
    private int length;

    @Override
    public void accept(byte[] source, int offset, int count) {
        int n = Math.min(count, bytes.length - length);
        System.arraycopy(source, offset, bytes, length, n);
        length += n;
    }

    /** The captured text, whitespace collapsed. */
    String text() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
    }
}
