package dev.switchboard.bench;

import java.io.EOFException;
import java.io.IOException;
import java.util.function.Function;

/**
 * A push-style HTTP/1.1 response reader for non-blocking I/O: bytes are fed as they arrive, in
 * slices of any size; the body (de-chunked) goes to a sink chosen once the head is known. Handles
 * Content-Length, chunked and close-delimited bodies; skips interim 1xx responses. Reusable via
 * {@link #reset}; not thread-safe.
 */
final class ResponseParser {

    private enum State { STATUS, HEADERS, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, FIXED_BODY, CLOSE_BODY, DONE }

    private static final int MAX_LINE = 16 * 1024;

    private final Function<ResponseHead, HttpInput.SliceSink> sinkForHead;
    private final StringBuilder line = new StringBuilder(128);
    private State state = State.STATUS;
    private ResponseHead.Builder builder;
    private ResponseHead head;
    private HttpInput.SliceSink sink;
    private long remaining;

    /** @param sinkForHead picks where the body of a response with this head goes */
    ResponseParser(Function<ResponseHead, HttpInput.SliceSink> sinkForHead) {
        this.sinkForHead = sinkForHead;
    }

    /** Gets ready for the next response on the same connection. */
    void reset() {
        state = State.STATUS;
        line.setLength(0);
        builder = null;
        head = null;
        sink = null;
    }

    /** The head, once read; else null. */
    ResponseHead head() {
        return head;
    }

    boolean complete() {
        return state == State.DONE;
    }

    /**
     * Consumes bytes up to the end of the response.
     *
     * @return how many bytes were consumed; fewer than {@code length} only if the response completed
     *         (the rest belongs to whatever follows)
     */
    int feed(byte[] bytes, int offset, int length) throws IOException {
        int i = offset;
        int end = offset + length;
        while (i < end && state != State.DONE) {
            switch (state) {
                case FIXED_BODY, CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, end - i);
                    sink.accept(bytes, i, n);
                    i += n;
                    remaining -= n;
                    if (remaining == 0) {
                        state = state == State.FIXED_BODY ? State.DONE : State.CHUNK_END;
                    }
                }
                case CLOSE_BODY -> {
                    sink.accept(bytes, i, end - i);
                    i = end;
                }
                default -> {
                    byte b = bytes[i++];
                    if (b != '\n') {
                        if (line.length() >= MAX_LINE) {
                            throw new IOException("response line longer than " + MAX_LINE + " bytes");
                        }
                        line.append((char) (b & 0xff));
                        continue;
                    }
                    int n = line.length();
                    if (n > 0 && line.charAt(n - 1) == '\r') {
                        line.setLength(n - 1);
                    }
                    String text = line.toString();
                    line.setLength(0);
                    onLine(text);
                }
            }
        }
        return i - offset;
    }

    /** The connection ended: completes a close-delimited body, otherwise the response was cut short. */
    void endOfStream() throws IOException {
        if (state == State.CLOSE_BODY) {
            state = State.DONE;
        } else if (state != State.DONE) {
            throw new EOFException(state == State.STATUS && line.isEmpty() ? "connection closed before a response"
                    : "connection closed in the middle of a response (" + state.name().toLowerCase() + ")");
        }
    }

    private void onLine(String text) throws IOException {
        switch (state) {
            case STATUS -> {
                builder = new ResponseHead.Builder(text);
                state = State.HEADERS;
            }
            case HEADERS -> {
                if (!text.isEmpty()) {
                    builder.header(text);
                    return;
                }
                ResponseHead h = builder.build();
                if (h.status() < 200 && h.status() != 101) {
                    state = State.STATUS;  // interim response: the real one follows
                    return;
                }
                head = h;
                sink = sinkForHead.apply(h);
                if (!h.hasBody()) {
                    state = State.DONE;
                } else if (h.chunked()) {
                    state = State.CHUNK_SIZE;
                } else if (h.contentLength() >= 0) {
                    remaining = h.contentLength();
                    state = remaining == 0 ? State.DONE : State.FIXED_BODY;
                } else {
                    state = State.CLOSE_BODY;
                }
            }
            case CHUNK_SIZE -> {
                remaining = ResponseHead.chunkSize(text);
                state = remaining == 0 ? State.TRAILERS : State.CHUNK_DATA;
            }
            case CHUNK_END -> {
                if (!text.isEmpty()) {
                    throw new IOException("chunk not followed by CRLF");
                }
                state = State.CHUNK_SIZE;
            }
            case TRAILERS -> {
                if (text.isEmpty()) {
                    state = State.DONE;
                }
            }
            default -> throw new IllegalStateException("no line expected in state " + state);
        }
    }
}
