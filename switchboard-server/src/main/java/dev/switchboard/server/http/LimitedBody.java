package dev.switchboard.server.http;

import dev.switchboard.core.api.Errors;
import dev.switchboard.core.time.Watchdog;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * A request body read as a stream, for bodies too large to hold (uploads): refuses more than
 * {@code maxBytes} with the same 413 as {@link BodyReader}, and re-arms a watchdog guard at each
 * read, so that a client that stops sending for the read timeout has its read interrupted (the
 * caller then closes the connection, as {@link BodyReader} does). Not thread-safe.
 */
final class LimitedBody extends FilterInputStream {

    private final long maxBytes;
    private final Watchdog.Guard guard;
    private final Duration readTimeout;
    private long read;

    LimitedBody(InputStream in, long maxBytes, Watchdog.Guard guard, Duration readTimeout) {
        super(in);
        this.maxBytes = maxBytes;
        this.guard = guard;
        this.readTimeout = readTimeout;
        guard.expireIn(readTimeout, Watchdog.NONE);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        guard.expireIn(readTimeout, Watchdog.NONE);
        if (n > 0) {
            read += n;
            if (read > maxBytes) {
                throw Errors.bodyTooLarge(maxBytes);
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] sink = new byte[(int) Math.min(8192, Math.max(1, n))];
        int got = read(sink, 0, (int) Math.min(sink.length, n));
        return Math.max(0, got);
    }
}
