package dev.switchboard.core.provider;

import java.io.IOException;
import java.io.InputStream;

/**
 * The body of one HTTP/1.1 response, decoded from its framing (content length, chunked, or until
 * the connection closes). {@link #complete()} tells whether all of it was read, which is when the
 * connection may be reused. Not thread-safe.
 */
abstract class ResponseBody extends InputStream {

    /** The length announced by {@code Content-Length}, or -1. */
    long declaredLength() {
        return -1;
    }

    /** True once the body was read to its end, leaving the connection at the next response. */
    abstract boolean complete();

    /** Whether the connection may carry another request once the body is complete. */
    abstract boolean reusable();

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    /** A body of {@code Content-Length} bytes (0 for responses without a body). */
    static ResponseBody fixed(HttpInput in, long length) {
        return new ResponseBody() {
            private long remaining = length;

            @Override
            long declaredLength() {
                return length;
            }

            @Override
            boolean complete() {
                return remaining == 0;
            }

            @Override
            boolean reusable() {
                return true;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining == 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new java.io.EOFException("connection closed " + remaining + " bytes before the end of the body");
                }
                remaining -= n;
                return n;
            }
        };
    }

    /** A body read until the server closes the connection. */
    static ResponseBody untilClose(HttpInput in) {
        return new ResponseBody() {
            private boolean ended;

            @Override
            boolean complete() {
                return ended;
            }

            @Override
            boolean reusable() {
                return false;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                ended = n < 0;
                return n;
            }
        };
    }

    /** A {@code Transfer-Encoding: chunked} body. */
    static ResponseBody chunked(HttpInput in) {
        return new ResponseBody() {
            private long chunkRemaining;
            private boolean ended;

            @Override
            boolean complete() {
                return ended;
            }

            @Override
            boolean reusable() {
                return true;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (ended) {
                    return -1;
                }
                if (chunkRemaining == 0) {
                    chunkRemaining = nextChunkSize();
                    if (chunkRemaining == 0) {
                        skipTrailers();
                        ended = true;
                        return -1;
                    }
                }
                int n = in.read(b, off, (int) Math.min(len, chunkRemaining));
                if (n < 0) {
                    throw new java.io.EOFException("connection closed inside a chunk");
                }
                chunkRemaining -= n;
                if (chunkRemaining == 0) {
                    String end = in.readLine();
                    if (!end.isEmpty()) {
                        throw new IOException("malformed chunked body: expected CRLF after a chunk");
                    }
                }
                return n;
            }

            private long nextChunkSize() throws IOException {
                String line = in.readLine();
                int extension = line.indexOf(';');
                String hex = (extension >= 0 ? line.substring(0, extension) : line).trim();
                try {
                    long size = Long.parseLong(hex, 16);
                    if (size < 0) {
                        throw new NumberFormatException();
                    }
                    return size;
                } catch (NumberFormatException e) {
                    throw new IOException("malformed chunked body: bad chunk size '" + hex + "'");
                }
            }

            private void skipTrailers() throws IOException {
                while (!in.readLine().isEmpty()) {
                    // trailers carry nothing we use
                }
            }
        };
    }
}
