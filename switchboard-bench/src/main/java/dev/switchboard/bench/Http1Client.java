package dev.switchboard.bench;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The load generator's HTTP/1.1 client: blocking sockets (meant for virtual threads), keep-alive
 * connections from an unbounded pool, prebuilt requests, responses read to their last byte and
 * scanned in place. The same client serves the direct and the gateway paths, so neither is favoured.
 *
 * <p>It puts no cap on concurrency: every caller gets its own connection while others are in use.
 * A request that fails on a reused connection before any response byte arrived (the server had
 * closed it while idle) is retried once on a new connection, as mainstream clients do; such
 * retries are counted. Thread-safe.
 */
final class Http1Client {

    private final LongSupplier nanoClock;
    private final LongAdder staleRetries = new LongAdder();

    Http1Client(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /**
     * Sends the target's request and reads the response to its end.
     *
     * @param onEvent  called for every SSE event of a streaming response, on the calling thread
     * @throws SocketTimeoutException when the server sends nothing for the read timeout
     * @throws IOException            when connecting, writing or reading fails
     */
    Reply call(Target target, Runnable onEvent) throws IOException {
        ConnectionPool pool = target.pool();
        HttpConnection connection = pool.pollIdle();
        if (connection == null) {
            return exchange(pool, pool.connect(), target, onEvent);
        }
        long before = connection.input.bytesRead();
        try {
            return exchange(pool, connection, target, onEvent);
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            if (connection.input.bytesRead() != before) {
                throw e;
            }
            staleRetries.increment();
            return exchange(pool, pool.connect(), target, onEvent);
        }
    }

    private Reply exchange(ConnectionPool pool, HttpConnection connection, Target target, Runnable onEvent)
            throws IOException {
        boolean reusable = false;
        try {
            connection.send(target.request());
            ResponseHead head = ResponseHead.read(connection.input);
            Reply reply;
            if (head.status() < 200 || head.status() >= 300) {
                ErrorBodyCapture capture = new ErrorBodyCapture();
                head.readBody(connection.input, capture);
                reply = new Reply(head.status(), 0, false, 0, capture.text(), head.gatewayMicros());
            } else if (target.streaming()) {
                SseScanner scanner = new SseScanner(nanoClock, onEvent);
                head.readBody(connection.input, scanner);
                reply = new Reply(head.status(), scanner.events(), scanner.sawDone(), scanner.firstEventNanos(), null,
                        head.gatewayMicros());
            } else {
                head.readBody(connection.input, HttpInput.SliceSink.DISCARD);
                reply = new Reply(head.status(), 0, false, 0, null, head.gatewayMicros());
            }
            reusable = !head.closes() && !head.delimitedByClose() && connection.input.buffered() == 0;
            return reply;
        } finally {
            if (reusable) {
                pool.release(connection);
            } else {
                pool.discard(connection);
            }
        }
    }

    /** Requests retried once because a reused keep-alive connection turned out closed. */
    long staleRetries() {
        return staleRetries.sum();
    }
}
