package dev.switchboard.core.provider;

import dev.switchboard.core.pipeline.UpstreamWait;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Buffered reading of one HTTP/1.1 connection: lines of the response head, then raw bytes for the
 * body. Time blocked reading the socket is added to the current call's {@link UpstreamWait}.
 * Not thread-safe.
 */
final class HttpInput {

    static final int MAX_LINE = 64 * 1024;

    private final InputStream in;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;
    private UpstreamWait wait = UpstreamWait.NONE;

    HttpInput(InputStream in) {
        this.in = in;
    }

    /** Where socket reads count their time from now on: the call using the connection. */
    void countWaitsIn(UpstreamWait callWait) {
        this.wait = callWait;
    }

    /** True when bytes are buffered (the peer sent more than was read so far). */
    boolean hasBuffered() {
        return position < limit;
    }

    /**
     * One line of the response head, without its CRLF (or LF), as ASCII.
     *
     * @throws EOFException when the connection ends first
     * @throws IOException when the line is longer than {@link #MAX_LINE}
     */
    String readLine() throws IOException {
        StringBuilder line = null;
        while (true) {
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    int end = i > position && buffer[i - 1] == '\r' ? i - 1 : i;
                    String tail = new String(buffer, position, end - position, StandardCharsets.ISO_8859_1);
                    position = i + 1;
                    if (line == null) {
                        return tail;
                    }
                    line.append(tail);
                    int length = line.length();
                    if (length > 0 && line.charAt(length - 1) == '\r') {
                        line.setLength(length - 1); // the CR was the last byte of the previous fill
                    }
                    return line.toString();
                }
            }
            if (line == null) {
                line = new StringBuilder();
            }
            line.append(new String(buffer, position, limit - position, StandardCharsets.ISO_8859_1));
            if (line.length() > MAX_LINE) {
                throw new IOException("response line longer than " + MAX_LINE + " bytes");
            }
            position = limit;
            if (fill() < 0) {
                throw new EOFException("connection closed before the end of a line");
            }
        }
    }

    /** Like {@link InputStream#read(byte[], int, int)}. */
    int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position == limit) {
            if (length >= buffer.length) {
                return timedRead(target, offset, length); // large reads skip the buffer
            }
            if (fill() < 0) {
                return -1;
            }
        }
        int n = Math.min(length, limit - position);
        System.arraycopy(buffer, position, target, offset, n);
        position += n;
        return n;
    }

    /** Reads exactly {@code length} bytes. */
    void readFully(byte[] target, int offset, int length) throws IOException {
        while (length > 0) {
            int n = read(target, offset, length);
            if (n < 0) {
                throw new EOFException("connection closed " + length + " bytes before the end of the body");
            }
            offset += n;
            length -= n;
        }
    }

    private int fill() throws IOException {
        int n = timedRead(buffer, 0, buffer.length);
        position = 0;
        limit = Math.max(n, 0);
        return n;
    }

    private int timedRead(byte[] target, int offset, int length) throws IOException {
        long start = System.nanoTime();
        try {
            return in.read(target, offset, length);
        } finally {
            wait.add(start, System.nanoTime());
        }
    }
}
