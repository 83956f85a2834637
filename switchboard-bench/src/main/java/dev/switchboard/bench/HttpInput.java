package dev.switchboard.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A buffered reader of HTTP/1.1 response bytes: CRLF lines for the head and chunk sizes, raw slices
 * of the buffer for bodies (so bodies are scanned in place, never copied). One per connection; not
 * thread-safe.
 */
final class HttpInput {

    private static final int MAX_LINE_BYTES = 16 * 1024;

    private final InputStream in;
    final byte[] buffer;
    int position;
    int limit;
    private long bytesRead;

    HttpInput(InputStream in, int bufferBytes) {
        this.in = in;
        this.buffer = new byte[bufferBytes];
    }

    /** Bytes taken from the underlying stream so far (tells a fresh response from one that has begun). */
    long bytesRead() {
        return bytesRead;
    }

    /** Bytes buffered and not consumed yet. */
    int buffered() {
        return limit - position;
    }

    /**
     * Makes sure at least one unconsumed byte is buffered, reading from the stream if none is.
     *
     * @return false at end of stream
     */
    boolean fill() throws IOException {
        if (position < limit) {
            return true;
        }
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        bytesRead += n;
        return true;
    }

    /** Reads one line (ASCII, without its CR LF). Throws {@link EOFException} if the stream ends first. */
    String readLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            if (!fill()) {
                throw new EOFException(line.isEmpty() ? "connection closed before a response"
                        : "connection closed in the middle of a line");
            }
            while (position < limit) {
                byte b = buffer[position++];
                if (b == '\n') {
                    int end = line.length();
                    if (end > 0 && line.charAt(end - 1) == '\r') {
                        line.setLength(end - 1);
                    }
                    return line.toString();
                }
                if (line.length() >= MAX_LINE_BYTES) {
                    throw new IOException("response line longer than " + MAX_LINE_BYTES + " bytes");
                }
                line.append((char) (b & 0xff));
            }
        }
    }

    /** Passes exactly {@code count} bytes to {@code sink}, as slices of the buffer. */
    void transfer(long count, SliceSink sink) throws IOException {
        long remaining = count;
        while (remaining > 0) {
            if (!fill()) {
                throw new EOFException("connection closed with " + remaining + " body bytes still expected");
            }
            int n = (int) Math.min(remaining, limit - position);
            sink.accept(buffer, position, n);
            position += n;
            remaining -= n;
        }
    }

    /** Passes every byte up to the end of the stream to {@code sink}. */
    void transferToEnd(SliceSink sink) throws IOException {
        while (fill()) {
            int n = limit - position;
            sink.accept(buffer, position, n);
            position += n;
        }
    }

    /** Receives body bytes as slices of a buffer that is reused after the call returns. */
    @FunctionalInterface
    interface SliceSink {
        SliceSink DISCARD = (bytes, offset, length) -> { };

        void accept(byte[] bytes, int offset, int length);
    }
}
