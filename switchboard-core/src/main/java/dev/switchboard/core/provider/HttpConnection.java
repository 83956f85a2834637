package dev.switchboard.core.provider;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;

/** One open HTTP/1.1 connection to an origin. Used by one call at a time; {@link #close()} from any thread. */
final class HttpConnection {

    final Origin origin;
    final HttpInput in;
    final OutputStream out;
    private final Socket socket;
    /** When it went back to the pool, on the upstream ticker. */
    long idleSince;
    /** How long it may stay idle before the server is likely to have closed it. */
    long maxIdleNanos;

    HttpConnection(Origin origin, Socket socket, long maxIdleNanos) throws IOException {
        this.origin = origin;
        this.socket = socket;
        this.in = new HttpInput(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.maxIdleNanos = maxIdleNanos;
    }

    boolean isClosed() {
        return socket.isClosed();
    }

    void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }
}
