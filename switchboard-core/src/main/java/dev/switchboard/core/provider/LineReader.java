package dev.switchboard.core.provider;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Reads an event stream line by line, as bytes, without decoding what it relays. Not thread-safe. */
final class LineReader {

    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;

    LineReader(InputStream in) {
        this.in = in;
    }

    /**
     * The next line without its LF or CRLF, or null at the end of the stream (a last line without
     * terminator is returned first).
     *
     * @throws IOException when a line is longer than {@code maxBytes}
     */
    byte[] readLine(int maxBytes) throws IOException {
        ByteArrayOutputStream partial = null;
        while (true) {
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    int end = i;
                    byte[] line;
                    if (partial == null) {
                        if (end > position && buffer[end - 1] == '\r') {
                            end--;
                        }
                        line = Arrays.copyOfRange(buffer, position, end);
                    } else {
                        partial.write(buffer, position, end - position);
                        line = partial.toByteArray();
                        if (line.length > 0 && line[line.length - 1] == '\r') {
                            line = Arrays.copyOf(line, line.length - 1);
                        }
                    }
                    position = i + 1;
                    return line;
                }
            }
            if (limit > position) {
                if (partial == null) {
                    partial = new ByteArrayOutputStream(256);
                }
                partial.write(buffer, position, limit - position);
                if (partial.size() > maxBytes) {
                    throw new IOException("event line longer than " + maxBytes + " bytes");
                }
            }
            int n = in.read(buffer, 0, buffer.length);
            position = 0;
            limit = Math.max(n, 0);
            if (n < 0) {
                return partial == null || partial.size() == 0 ? null : partial.toByteArray();
            }
        }
    }
}
