package dev.switchboard.core.provider;

import dev.switchboard.core.pipeline.UpstreamWait;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 request and its response, over a pooled or new connection. The calling thread
 * runs {@link #execute}, reads the body and closes the call; {@link #cancel()} may come from any
 * thread (a timeout, a client that went away) and makes blocked I/O fail at once.
 */
final class HttpCall implements AutoCloseable {

    private static final long MAX_BODY_BYTES = 256L * 1024 * 1024;

    private final UpstreamHttp http;
    private final Origin origin;
    private final byte[] request;
    private final UpstreamWait wait;
    private volatile Socket socket;
    private volatile boolean cancelled;
    private HttpConnection connection;
    private int status;
    private final Map<String, String> headers = new HashMap<>(16);
    private ResponseBody body;
    private boolean keepAlive;
    private boolean closed;

    /**
     * @param request the whole request: head and body, written with one write
     * @param wait where the time spent connecting and blocked on the response goes
     */
    HttpCall(UpstreamHttp http, Origin origin, byte[] request, UpstreamWait wait) {
        this.http = http;
        this.origin = origin;
        this.request = request;
        this.wait = wait;
    }

    /**
     * Sends the request and reads the response head. A pooled connection that turns out to have
     * been closed by the server (no byte of a response came back) is replaced by a new one, once.
     *
     * @throws IOException when no response head could be read; the call is then done
     */
    void execute(Duration connectTimeout) throws IOException {
        HttpConnection reused = http.pool(origin).take(http.now());
        while (true) {
            HttpConnection c = reused != null ? reused : connect(connectTimeout);
            connection = c;
            c.in.countWaitsIn(wait);
            boolean headStarted = false;
            try {
                checkNotCancelled();
                c.out.write(request);
                c.out.flush();
                String statusLine = c.in.readLine();
                headStarted = true;
                readHead(c, statusLine);
                return;
            } catch (IOException e) {
                c.close();
                if (reused == null || headStarted || cancelled) {
                    throw cancelled ? new IOException("call cancelled", e) : e;
                }
                reused = null; // the server had closed the idle connection: once more, on a new one
            }
        }
    }

    int status() {
        return status;
    }

    /** A response header's first value, by lower-case name; null if absent. */
    String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }

    /** The response body, decoded from its framing. */
    InputStream body() {
        return body;
    }

    /** Reads the whole body (at most {@code limit} bytes; more fails). */
    byte[] readBody(long limit) throws IOException {
        long declared = body.declaredLength();
        if (declared > limit) {
            throw new IOException("response body of " + declared + " bytes is over the limit of " + limit);
        }
        if (declared >= 0) {
            byte[] bytes = new byte[(int) declared];
            int read = 0;
            while (read < bytes.length) {
                int n = body.read(bytes, read, bytes.length - read);
                if (n < 0) {
                    throw new java.io.EOFException("connection closed before the end of the body");
                }
                read += n;
            }
            return bytes;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        byte[] chunk = new byte[8192];
        for (int n = body.read(chunk, 0, chunk.length); n >= 0; n = body.read(chunk, 0, chunk.length)) {
            out.write(chunk, 0, n);
            if (out.size() > limit) {
                throw new IOException("response body is over the limit of " + limit + " bytes");
            }
        }
        return out.toByteArray();
    }

    /** Reads the whole body within the default limit. */
    byte[] readBody() throws IOException {
        return readBody(MAX_BODY_BYTES);
    }

    /** Makes blocked I/O of this call fail now. Thread-safe; idempotent. */
    void cancel() {
        cancelled = true;
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closed is what we wanted
            }
        }
    }

    /**
     * Ends the call: a connection whose response was read completely goes back to the pool;
     * any other is closed (the server may still be sending).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        HttpConnection c = connection;
        if (c == null) {
            return;
        }
        c.in.countWaitsIn(UpstreamWait.NONE);
        if (!cancelled && keepAlive && body != null && body.complete() && body.reusable() && !c.in.hasBuffered()) {
            http.pool(origin).give(c, http.now());
        } else {
            c.close();
        }
    }

    private void checkNotCancelled() throws IOException {
        if (cancelled) {
            throw new SocketException("call cancelled");
        }
    }

    private HttpConnection connect(Duration timeout) throws IOException {
        long start = System.nanoTime();
        try {
            return connectAny(timeout);
        } finally {
            wait.add(start, System.nanoTime());
        }
    }

    private HttpConnection connectAny(Duration timeout) throws IOException {
        IOException last = null;
        for (InetAddress address : InetAddress.getAllByName(origin.hostName())) {
            checkNotCancelled();
            Socket plain = new Socket();
            socket = plain;
            try {
                plain.setTcpNoDelay(true);
                plain.setKeepAlive(true);
                plain.connect(new InetSocketAddress(address, origin.port()), (int) Math.min(timeout.toMillis(), Integer.MAX_VALUE));
                Socket connected = origin.secure() ? tls(plain) : plain;
                return new HttpConnection(origin, connected, http.maxIdleNanos());
            } catch (IOException e) {
                plain.close();
                last = e;
            }
        }
        throw last != null ? last : new java.net.UnknownHostException(origin.hostName());
    }

    private Socket tls(Socket plain) throws IOException {
        SSLSocket tls = (SSLSocket) http.tlsSocketFactory().createSocket(plain, origin.hostName(), origin.port(), true);
        socket = tls;
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        boolean addressLiteral = origin.hostName().contains(":") || origin.hostName().matches("[0-9.]+");
        if (!addressLiteral) {
            parameters.setServerNames(List.of(new SNIHostName(origin.hostName())));
        }
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        return tls;
    }

    private void readHead(HttpConnection c, String statusLine) throws IOException {
        while (true) {
            // "HTTP/1.1 200 OK"
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
                throw new IOException("not an HTTP/1.x response: " + printable(statusLine));
            }
            try {
                status = Integer.parseInt(statusLine.substring(9, 12));
            } catch (NumberFormatException e) {
                throw new IOException("bad status line: " + printable(statusLine));
            }
            headers.clear();
            for (String line = c.in.readLine(); !line.isEmpty(); line = c.in.readLine()) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("bad header line: " + printable(line));
                }
                headers.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            if (status >= 200 || status == 101) {
                break;
            }
            statusLine = c.in.readLine(); // 1xx informational: the real response follows
        }
        boolean http11 = statusLine.charAt(7) == '1';
        String connectionHeader = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
        keepAlive = http11 ? !connectionHeader.contains("close") : connectionHeader.contains("keep-alive");
        c.maxIdleNanos = Math.min(c.maxIdleNanos, keepAliveTimeout(headers.get("keep-alive")));
        String transferEncoding = headers.get("transfer-encoding");
        String contentLength = headers.get("content-length");
        if (status == 204 || status == 304) {
            body = ResponseBody.fixed(c.in, 0);
        } else if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = ResponseBody.chunked(c.in);
        } else if (contentLength != null) {
            try {
                body = ResponseBody.fixed(c.in, Long.parseLong(contentLength));
            } catch (NumberFormatException e) {
                throw new IOException("bad content-length: " + printable(contentLength));
            }
        } else {
            body = ResponseBody.untilClose(c.in);
        }
    }

    /** {@code Keep-Alive: timeout=5} (uvicorn, and so vLLM, send 5): idle for 1 s less than that. */
    private static long keepAliveTimeout(String keepAlive) {
        if (keepAlive != null) {
            for (String part : keepAlive.split(",")) {
                String p = part.trim();
                if (p.startsWith("timeout=")) {
                    try {
                        return Duration.ofSeconds(Math.max(0, Long.parseLong(p.substring(8).trim()) - 1)).toNanos();
                    } catch (NumberFormatException ignored) {
                        return Long.MAX_VALUE;
                    }
                }
            }
        }
        return Long.MAX_VALUE;
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
