package dev.switchboard.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/** One keep-alive HTTP/1.1 connection over a blocking socket. Used by one request at a time. */
final class HttpConnection implements Closeable {

    private final Socket socket;
    private final OutputStream out;
    final HttpInput input;
    private int exchanges;

    private HttpConnection(Socket socket, int bufferBytes) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.input = new HttpInput(socket.getInputStream(), bufferBytes);
    }

    static HttpConnection open(InetSocketAddress address, int connectTimeoutMillis, int readTimeoutMillis)
            throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(readTimeoutMillis);
            socket.connect(address, connectTimeoutMillis);
            return new HttpConnection(socket, 16 * 1024);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Writes a whole prebuilt request in one call. */
    void send(byte[] request) throws IOException {
        exchanges++;
        out.write(request);
    }

    /** Requests sent on this connection so far (more than one means keep-alive reuse). */
    int exchanges() {
        return exchanges;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing: nothing to report
        }
    }
}
