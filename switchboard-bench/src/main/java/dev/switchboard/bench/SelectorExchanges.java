package dev.switchboard.bench;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@link Exchanges} on one non-blocking event loop: due requests are handed to the loop, which
 * writes each on an idle keep-alive connection (or a new one: there is no limit) and parses
 * responses as bytes arrive. Per request that is one write and about one read, with no thread
 * start or hand-off, so the load generator leaves the cores to what it measures.
 *
 * <p>The loop sleeps in {@code select} and is woken when a request is submitted, so sends are not
 * delayed to a select timeout. A request fails when no byte arrives for the read timeout (no
 * connection for the connect timeout). Thread-safe: {@link #submit} from any thread.
 */
final class SelectorExchanges implements Exchanges {

    private static final long SWEEP_NANOS = 100_000_000;

    private final Target target;
    private final long connectTimeoutNanos;
    private final long readTimeoutNanos;
    private final Selector selector;
    private final Queue<Callback> submitted = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final AtomicBoolean abortRequested = new AtomicBoolean();
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private final Set<Connection> busy = new HashSet<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private final LongAdder connections = new LongAdder();
    private final LongAdder staleRetries = new LongAdder();
    private final Thread loop;
    private volatile boolean closed;

    SelectorExchanges(Target target, Target.HttpTimeouts timeouts) throws IOException {
        this.target = target;
        this.connectTimeoutNanos = timeouts.connectMillis() * 1_000_000L;
        this.readTimeoutNanos = timeouts.readMillis() * 1_000_000L;
        this.selector = Selector.open();
        this.loop = Thread.ofPlatform().daemon().name(target.name() + "-loop").start(this::run);
    }

    /** A keep-alive connection and the exchange it carries. Touched by the loop thread only. */
    private final class Connection {
        SocketChannel channel;
        SelectionKey key;
        ByteBuffer pendingWrite;
        boolean connecting;
        int exchanges;
        long lastActivity;
        long responseBytes;
        Callback callback;
        SseScanner scanner;
        ErrorBodyCapture errorBody;
        final ResponseParser parser = new ResponseParser(head -> {
            if (head.status() < 200 || head.status() >= 300) {
                errorBody = new ErrorBodyCapture();
                return errorBody;
            }
            return target.streaming() ? scanner : HttpInput.SliceSink.DISCARD;
        });
    }

    @Override
    public void submit(Callback callback) {
        submitted.offer(callback);
        if (sleeping.get()) {
            selector.wakeup();
        }
    }

    @Override
    public void abortInFlight() {
        abortRequested.set(true);
        selector.wakeup();
    }

    private void run() {
        long lastSweep = System.nanoTime();
        try {
            while (!closed) {
                sleeping.set(true);
                if (submitted.isEmpty() && !abortRequested.get()) {
                    selector.select(this::onReady, SWEEP_NANOS / 1_000_000);
                } else {
                    selector.selectNow(this::onReady);
                }
                sleeping.set(false);
                Callback next;
                while ((next = submitted.poll()) != null) {
                    start(next);
                }
                if (abortRequested.getAndSet(false)) {
                    for (Connection c : Set.copyOf(busy)) {
                        fail(c, new IOException("aborted: still in flight at the end of the phase"));
                    }
                }
                long now = System.nanoTime();
                if (now - lastSweep >= SWEEP_NANOS) {
                    sweepTimeouts(now);
                    lastSweep = now;
                }
            }
        } catch (IOException | RuntimeException e) {
            Callback pending;
            while ((pending = submitted.poll()) != null) {
                pending.failed(new IOException("load generator event loop failed", e));
            }
            for (Connection c : Set.copyOf(busy)) {
                fail(c, new IOException("load generator event loop failed", e));
            }
        } finally {
            for (Connection c : idle) {
                closeChannel(c);
            }
            for (Connection c : busy) {
                closeChannel(c);
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private void start(Callback callback) {
        Connection c = idle.pollFirst();
        try {
            if (c == null) {
                c = new Connection();
                prepare(c, callback);
                connect(c);
            } else {
                prepare(c, callback);
                send(c);
            }
        } catch (IOException e) {
            fail(c, e);
        }
    }

    private void prepare(Connection c, Callback callback) {
        c.callback = callback;
        c.responseBytes = 0;
        c.errorBody = null;
        c.scanner = target.streaming() ? new SseScanner(System::nanoTime, () -> { }) : null;
        c.parser.reset();
        c.lastActivity = System.nanoTime();
        busy.add(c);
    }

    private void connect(Connection c) throws IOException {
        SocketChannel channel = SocketChannel.open();
        c.channel = channel;
        c.exchanges = 0;
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        c.connecting = true;
        if (channel.connect(target.address())) {
            c.connecting = false;
            connections.increment();
            c.key = channel.register(selector, 0, c);
            send(c);
        } else {
            c.key = channel.register(selector, SelectionKey.OP_CONNECT, c);
        }
    }

    private void send(Connection c) throws IOException {
        c.exchanges++;
        long now = System.nanoTime();
        c.lastActivity = now;
        c.callback.sending(now);
        ByteBuffer request = ByteBuffer.wrap(target.request());
        c.channel.write(request);
        if (request.hasRemaining()) {
            c.pendingWrite = request;
            c.key.interestOps(SelectionKey.OP_WRITE);
        } else {
            c.pendingWrite = null;
            c.key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void onReady(SelectionKey key) {
        Connection c = (Connection) key.attachment();
        try {
            if (key.isConnectable()) {
                c.channel.finishConnect();
                c.connecting = false;
                connections.increment();
                send(c);
            } else if (key.isWritable()) {
                c.channel.write(c.pendingWrite);
                if (!c.pendingWrite.hasRemaining()) {
                    c.pendingWrite = null;
                    key.interestOps(SelectionKey.OP_READ);
                }
            } else if (key.isReadable()) {
                read(c);
            }
        } catch (IOException e) {
            fail(c, e);
        } catch (CancelledKeyException e) {
            fail(c, new IOException("connection closed", e));
        }
    }

    private void read(Connection c) throws IOException {
        byte[] array = readBuffer.array();
        while (true) {
            readBuffer.clear();
            int n = c.channel.read(readBuffer);
            if (n < 0) {
                endOfStream(c);
                return;
            }
            if (n == 0) {
                return;
            }
            if (c.callback == null) {
                // bytes on an idle connection: nothing is expected there; drop the connection
                idle.remove(c);
                closeChannel(c);
                return;
            }
            c.lastActivity = System.nanoTime();
            c.responseBytes += n;
            int consumed = c.parser.feed(array, 0, n);
            if (c.parser.complete()) {
                complete(c, consumed < n);
                return;
            }
            if (n < readBuffer.capacity()) {
                return;
            }
        }
    }

    private void endOfStream(Connection c) throws IOException {
        if (c.callback == null) {
            idle.remove(c);  // the server closed an idle keep-alive connection
            closeChannel(c);
            return;
        }
        if (c.responseBytes == 0 && c.exchanges > 1) {
            // Closed by the server as the request went out on a reused connection: re-send on a new one.
            staleRetries.increment();
            closeChannel(c);
            connect(c);
            return;
        }
        c.parser.endOfStream();
        complete(c, true);
    }

    private void complete(Connection c, boolean mustClose) {
        long end = System.nanoTime();
        Callback callback = c.callback;
        ResponseHead head = c.parser.head();
        Reply reply;
        if (head.status() < 200 || head.status() >= 300) {
            reply = new Reply(head.status(), 0, false, 0, c.errorBody == null ? null : c.errorBody.text(),
                    head.gatewayMicros());
        } else if (c.scanner != null) {
            reply = new Reply(head.status(), c.scanner.events(), c.scanner.sawDone(), c.scanner.firstEventNanos(), null,
                    head.gatewayMicros());
        } else {
            reply = new Reply(head.status(), 0, false, 0, null, head.gatewayMicros());
        }
        c.callback = null;
        c.scanner = null;
        busy.remove(c);
        if (mustClose || head.closes()) {
            closeChannel(c);
        } else {
            idle.addFirst(c);
        }
        callback.completed(reply, end);
    }

    private void fail(Connection c, IOException e) {
        Callback callback = c.callback;
        c.callback = null;
        busy.remove(c);
        closeChannel(c);
        if (callback != null) {
            callback.failed(e);
        }
    }

    private void sweepTimeouts(long now) {
        for (Connection c : Set.copyOf(busy)) {
            long limit = c.connecting ? connectTimeoutNanos : readTimeoutNanos;
            if (limit > 0 && now - c.lastActivity > limit) {
                fail(c, new SocketTimeoutException((c.connecting ? "not connected" : "no byte received") + " for "
                        + limit / 1_000_000 + " ms"));
            }
        }
    }

    private static void closeChannel(Connection c) {
        if (c.key != null) {
            c.key.cancel();
            c.key = null;
        }
        if (c.channel != null) {
            try {
                c.channel.close();
            } catch (IOException ignored) {
                // closing
            }
            c.channel = null;
        }
        c.pendingWrite = null;
        c.connecting = false;
    }

    @Override
    public long connectionsOpened() {
        return connections.sum();
    }

    @Override
    public long staleRetries() {
        return staleRetries.sum();
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            loop.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
