package dev.switchboard.redis;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A Redis client over one pipelined RESP2 connection. Commands from any number of threads share
 * the connection: each is queued, and whichever caller finds the socket free writes everything
 * queued in one batch, so under load many commands go out per system call; one reader thread
 * matches replies to commands in order. This is what makes a shared limiter cheap at thousands of
 * requests per second, where a pool of blocking connections runs out.
 *
 * <p>The connection opens on first use (authenticating, selecting the database and naming itself
 * as the URL and name say) and again on the first use after it was lost. A command without a
 * reply within the timeout fails; if no reply at all came for that long the connection is closed
 * too (a server that stopped answering is dropped, and every command waiting on it fails at once
 * rather than one timeout after another), else it stays open ({@link SlowReply}).
 *
 * <p>Replies: simple and bulk strings as {@link String} (UTF-8), integers as {@link Long}, arrays
 * as {@link List}, nil as {@code null}; an error reply throws {@link ServerError}. Anything that
 * keeps a command from being answered throws {@link UncheckedIOException}. Thread-safe.
 */
final class RespClient implements AutoCloseable {

    /** Redis answered a command with an error reply. */
    static final class ServerError extends RuntimeException {
        ServerError(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A reply did not come within the timeout although the connection is still answering (replies
     * to earlier commands keep arriving): the server or this process is behind, not gone. The
     * connection stays open; the reply, when it comes, is dropped.
     */
    static final class SlowReply extends UncheckedIOException {
        SlowReply(IOException cause) {
            super(cause);
        }
    }

    /** An error reply as read off the wire, before it is thrown to the caller. */
    private record ErrorReply(String message) {
    }

    private static final int BUFFER = 16 * 1024;
    private static final int MAX_BULK = 512 * 1024 * 1024; // Redis's own limit

    private final String host;
    private final int port;
    private final boolean tls;
    private final List<List<String>> handshake;
    private final long timeoutNanos;
    private final String name;
    private final ReentrantLock connecting = new ReentrantLock();
    private volatile Connection connection;
    private volatile boolean closed;

    /**
     * @param uri {@code redis[s]://[[user]:password@]host[:port][/database]}
     * @param timeout the most a command waits, connecting included
     * @param clientName the name the connection gives itself ({@code CLIENT SETNAME})
     */
    RespClient(URI uri, Duration timeout, String clientName) {
        this.host = Objects.requireNonNull(uri.getHost(), "host");
        this.port = uri.getPort() > 0 ? uri.getPort() : 6379;
        this.tls = "rediss".equals(uri.getScheme());
        this.timeoutNanos = timeout.toNanos();
        this.name = clientName;
        this.handshake = handshake(uri, clientName);
    }

    /** Sends one command and waits for its reply. */
    Object call(List<String> command) {
        if (closed) {
            throw new UncheckedIOException(new IOException("the Redis client is closed"));
        }
        long deadline = System.nanoTime() + timeoutNanos;
        Connection current = connection(deadline);
        CompletableFuture<Object> reply = current.send(encode(command));
        Object answer = await(current, reply, deadline);
        if (answer instanceof ErrorReply error) {
            throw new ServerError(error.message());
        }
        return answer;
    }

    @Override
    public void close() {
        closed = true;
        Connection current = connection;
        if (current != null) {
            current.fail(new IOException("the Redis client is closed"));
        }
    }

    private Object await(Connection current, CompletableFuture<Object> reply, long deadline) {
        try {
            return reply.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            IOException timeout = new IOException("no reply from Redis at " + host + ":" + port + " within "
                    + Duration.ofNanos(timeoutNanos).toMillis() + " ms");
            if (System.nanoTime() - current.lastReply < timeoutNanos) {
                throw new SlowReply(timeout); // replies still flow: behind, not gone
            }
            current.fail(timeout);
            throw new UncheckedIOException(timeout);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? new UncheckedIOException(io)
                    : new UncheckedIOException(new IOException(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while waiting for Redis", e));
        }
    }

    private Connection connection(long deadline) {
        Connection current = connection;
        if (current != null && current.open()) {
            return current;
        }
        try {
            if (!connecting.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new UncheckedIOException(new IOException("timed out waiting to connect to Redis"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while connecting to Redis", e));
        }
        try {
            current = connection;
            if (current != null && current.open()) {
                return current;
            }
            current = connect(deadline);
            connection = current;
            if (closed) {
                current.fail(new IOException("the Redis client is closed"));
            }
            return current;
        } finally {
            connecting.unlock();
        }
    }

    private Connection connect(long deadline) {
        Socket socket = null;
        try {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(host, port), remainingMillis(deadline));
            if (tls) {
                SSLSocket secure = (SSLSocket) SSLContext.getDefault().getSocketFactory()
                        .createSocket(socket, host, port, true);
                SSLParameters parameters = secure.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                secure.setSSLParameters(parameters);
                secure.setSoTimeout(remainingMillis(deadline));
                secure.startHandshake();
                secure.setSoTimeout(0);
                socket = secure;
            }
        } catch (IOException | NoSuchAlgorithmException e) {
            closeQuietly(socket);
            throw new UncheckedIOException("cannot connect to Redis at " + host + ":" + port + ": " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        }
        Connection fresh;
        try {
            fresh = new Connection(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException(e);
        }
        for (List<String> command : handshake) {
            Object answer;
            try {
                answer = await(fresh, fresh.send(encode(command)), deadline);
            } catch (UncheckedIOException e) { // a new connection that does not answer is not kept
                fresh.fail(e.getCause());
                throw new UncheckedIOException(e.getCause());
            }
            if (answer instanceof ErrorReply error) {
                fresh.fail(new IOException("Redis refused " + command.getFirst() + ": " + error.message()));
                throw new UncheckedIOException(new IOException("Redis at " + host + ":" + port + " refused "
                        + command.getFirst() + ": " + error.message()));
            }
        }
        return fresh;
    }

    private static int remainingMillis(long deadline) {
        return (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private static List<List<String>> handshake(URI uri, String clientName) {
        List<List<String>> commands = new ArrayList<>();
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? "" : decode(userInfo.substring(0, colon));
            String password = decode(colon < 0 ? userInfo : userInfo.substring(colon + 1));
            commands.add(user.isEmpty() ? List.of("AUTH", password) : List.of("AUTH", user, password));
        }
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            commands.add(List.of("SELECT", path.substring(1)));
        }
        commands.add(List.of("CLIENT", "SETNAME", clientName));
        return List.copyOf(commands);
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }

    /** A command as a RESP array of bulk strings, encoded into one exactly sized array. */
    static byte[] encode(List<String> command) {
        int count = command.size();
        byte[][] parts = new byte[count][];
        int size = 1 + digits(count) + 2;
        for (int i = 0; i < count; i++) {
            byte[] bytes = command.get(i).getBytes(StandardCharsets.UTF_8);
            parts[i] = bytes;
            size += 1 + digits(bytes.length) + 2 + bytes.length + 2;
        }
        byte[] out = new byte[size];
        int at = header(out, 0, (byte) '*', count);
        for (byte[] part : parts) {
            at = header(out, at, (byte) '$', part.length);
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
            out[at++] = '\r';
            out[at++] = '\n';
        }
        return out;
    }

    /** Writes {@code type}, {@code n} in decimal and CRLF at {@code at}; returns the next position. */
    private static int header(byte[] out, int at, byte type, int n) {
        out[at++] = type;
        int end = at + digits(n);
        for (int i = end - 1; i >= at; i--) {
            out[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        out[end] = '\r';
        out[end + 1] = '\n';
        return end + 2;
    }

    private static int digits(int n) {
        int digits = 1;
        while (n >= 10) {
            n /= 10;
            digits++;
        }
        return digits;
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a socket that failed: nothing more to do
            }
        }
    }

    /** One open socket: its write queue, the commands awaiting replies, and its reader thread. */
    private final class Connection {

        private record Command(byte[] bytes, CompletableFuture<Object> reply) {
        }

        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final ConcurrentLinkedQueue<Command> queued = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<CompletableFuture<Object>> awaiting = new ConcurrentLinkedQueue<>();
        private final ReentrantLock writing = new ReentrantLock();
        private volatile IOException failure;
        /** When the last reply arrived (or the connection opened), by {@link System#nanoTime()}. */
        private volatile long lastReply = System.nanoTime();

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.out = new BufferedOutputStream(socket.getOutputStream(), BUFFER);
            this.in = new BufferedInputStream(socket.getInputStream(), BUFFER);
            Thread.ofPlatform().daemon().name("switchboard-redis-reader-" + name).start(this::readReplies);
        }

        boolean open() {
            return failure == null;
        }

        CompletableFuture<Object> send(byte[] bytes) {
            CompletableFuture<Object> reply = new CompletableFuture<>();
            queued.add(new Command(bytes, reply));
            // whoever holds the socket writes what others queued meanwhile; re-checked after unlocking
            while (!queued.isEmpty() && writing.tryLock()) {
                try {
                    writeQueued();
                } finally {
                    writing.unlock();
                }
            }
            if (failure != null) {
                failQueued(failure);
            }
            return reply;
        }

        private void writeQueued() {
            List<Command> batch = new ArrayList<>();
            for (Command command; (command = queued.poll()) != null; ) {
                batch.add(command);
            }
            // the futures join the reply queue before their bytes leave, so the reader finds them;
            // never after a failure, when the reader may still hand out replies buffered before it
            synchronized (this) {
                if (failure != null) {
                    batch.forEach(command -> command.reply().completeExceptionally(failure));
                    return;
                }
                batch.forEach(command -> awaiting.add(command.reply()));
            }
            try {
                for (Command command : batch) {
                    out.write(command.bytes());
                }
                out.flush();
            } catch (IOException e) {
                fail(e);
            }
        }

        private void readReplies() {
            try {
                while (true) {
                    Object reply = read();
                    lastReply = System.nanoTime();
                    CompletableFuture<Object> next;
                    synchronized (this) {
                        if (failure != null) {
                            return; // whatever was waiting has failed; this reply has no owner left
                        }
                        next = awaiting.poll();
                    }
                    if (next == null) {
                        throw new IOException("Redis sent a reply no command was waiting for");
                    }
                    next.complete(reply);
                }
            } catch (IOException | RuntimeException e) {
                fail(e instanceof IOException io ? io : new IOException(e));
            }
        }

        /** Closes the socket; every command queued or awaiting a reply fails with {@code cause}. */
        void fail(IOException cause) {
            List<CompletableFuture<Object>> orphans = new ArrayList<>();
            synchronized (this) {
                if (failure == null) {
                    failure = cause;
                }
                for (CompletableFuture<Object> reply; (reply = awaiting.poll()) != null; ) {
                    orphans.add(reply);
                }
            }
            closeQuietly(socket);
            failQueued(failure);
            orphans.forEach(reply -> reply.completeExceptionally(failure));
        }

        private void failQueued(IOException cause) {
            for (Command command; (command = queued.poll()) != null; ) {
                command.reply().completeExceptionally(cause);
            }
        }

        private Object read() throws IOException {
            int type = in.read();
            if (type < 0) {
                throw new EOFException("Redis closed the connection");
            }
            return switch (type) {
                case '+' -> readLine();
                case '-' -> new ErrorReply(readLine());
                case ':' -> readNumber();
                case '$' -> {
                    long length = readNumber();
                    if (length < 0) {
                        yield null;
                    }
                    if (length > MAX_BULK) {
                        throw new IOException("Redis sent a bulk string of " + length + " bytes");
                    }
                    byte[] bytes = in.readNBytes((int) length);
                    if (bytes.length < length || in.read() != '\r' || in.read() != '\n') {
                        throw new EOFException("Redis closed the connection inside a reply");
                    }
                    yield new String(bytes, StandardCharsets.UTF_8);
                }
                case '*' -> {
                    long count = readNumber();
                    if (count < 0) {
                        yield null;
                    }
                    List<Object> items = new ArrayList<>((int) Math.min(count, 1024));
                    for (long i = 0; i < count; i++) {
                        items.add(read());
                    }
                    yield items;
                }
                default -> throw new IOException("Redis sent a reply of unknown type '" + (char) type + "'");
            };
        }

        private String readLine() throws IOException {
            StringBuilder line = new StringBuilder(16);
            for (int b; ; ) {
                b = in.read();
                if (b < 0) {
                    throw new EOFException("Redis closed the connection inside a reply");
                }
                if (b == '\r') {
                    if (in.read() != '\n') {
                        throw new IOException("Redis sent a malformed line");
                    }
                    return line.toString();
                }
                if (line.length() > 64 * 1024) {
                    throw new IOException("Redis sent a line longer than 64 KiB");
                }
                line.append((char) b);
            }
        }

        /** Reads a decimal line (an integer reply or a length) without making a string of it. */
        private long readNumber() throws IOException {
            int b = in.read();
            boolean negative = b == '-';
            if (negative) {
                b = in.read();
            }
            long value = 0;
            int digits = 0;
            for (; b >= '0' && b <= '9'; b = in.read(), digits++) {
                try {
                    value = Math.addExact(Math.multiplyExact(value, 10), b - '0');
                } catch (ArithmeticException e) {
                    throw new IOException("Redis sent a number beyond 64 bits");
                }
            }
            if (b < 0) {
                throw new EOFException("Redis closed the connection inside a reply");
            }
            if (digits == 0 || b != '\r' || in.read() != '\n') {
                throw new IOException("Redis sent a malformed number");
            }
            return negative ? -value : value;
        }
    }
}
