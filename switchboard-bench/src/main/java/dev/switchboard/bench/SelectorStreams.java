package dev.switchboard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.PriorityQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@link StreamLoad} on one non-blocking event loop: every user is a keep-alive connection driven by
 * a {@link Selector}, its response parsed as bytes arrive ({@link ResponseParser}, {@link SseScanner}).
 * An event costs one read call and no thread hand-off, so thousands of paced streams take a
 * fraction of a core, leaving the machine to the gateway and the simulator.
 *
 * <p>Users start spread over the ramp-up. When a stream completes, the user sends its next request
 * on the same connection at once. A stream fails on a non-2xx status, an I/O error, no byte for the
 * read timeout (no connection for the connect timeout), or an end without {@code [DONE]}; the user
 * then reconnects after 100 ms. A stream whose reused connection turns out closed before any response
 * byte is re-sent on a new connection (a stale keep-alive retry, not an error).
 */
final class SelectorStreams implements StreamLoad {

    private static final long ERROR_BACKOFF_NANOS = 100_000_000;
    private static final long SWEEP_NANOS = 100_000_000;

    private final Spec spec;
    private final long connectTimeoutNanos;
    private final long readTimeoutNanos;
    private final Selector selector;
    private final User[] users;
    private final PriorityQueue<Wakeup> wakeups = new PriorityQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private final Thread loop;
    private final CountDownLatch finished = new CountDownLatch(1);

    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger peakOpen = new AtomicInteger();
    private final LongAdder events = new LongAdder();
    private final LongAdder eventsOfCompleteStreams = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder started = new LongAdder();
    private final LongAdder connections = new LongAdder();
    private final LongAdder staleRetries = new LongAdder();
    private final ErrorCounts errors = new ErrorCounts();
    private final LatencyRecorder firstEvent = new LatencyRecorder();
    private final LatencyRecorder streamTime = new LatencyRecorder();
    private long endNanos;
    private long drainDeadline;
    private volatile Throwable loopFailure;

    SelectorStreams(Spec spec, Target.HttpTimeouts timeouts) throws IOException {
        this.spec = spec;
        this.connectTimeoutNanos = timeouts.connectMillis() * 1_000_000L;
        this.readTimeoutNanos = timeouts.readMillis() * 1_000_000L;
        this.selector = Selector.open();
        this.users = new User[spec.concurrency()];
        for (int i = 0; i < users.length; i++) {
            users[i] = new User();
        }
        this.loop = Thread.ofPlatform().name("bench-stream-loop").unstarted(this::run);
    }

    private record Wakeup(long atNanos, User user) implements Comparable<Wakeup> {
        @Override
        public int compareTo(Wakeup other) {
            return Long.compare(atNanos, other.atNanos);
        }
    }

    /** One user: a connection and the stream it is reading. Touched by the loop thread only. */
    private final class User {
        SocketChannel channel;
        SelectionKey key;
        ByteBuffer pendingWrite;
        boolean connecting;
        boolean inStream;
        int exchanges;
        long streamStart;
        long lastActivity;
        long responseBytes;
        SseScanner scanner;
        ErrorBodyCapture errorBody;
        final ResponseParser parser = new ResponseParser(head -> {
            if (head.status() >= 200 && head.status() < 300) {
                return scanner;
            }
            errorBody = new ErrorBodyCapture();
            return errorBody;
        });
    }

    @Override
    public void start(long nowNanos) {
        endNanos = nowNanos + spec.duration().toNanos();
        drainDeadline = endNanos + spec.drainTimeout().toNanos();
        long ramp = spec.rampUp().toNanos();
        for (int u = 0; u < users.length; u++) {
            wakeups.add(new Wakeup(nowNanos + ramp * u / users.length, users[u]));
        }
        loop.start();
    }

    private void run() {
        try {
            long lastSweep = System.nanoTime();
            while (true) {
                long now = System.nanoTime();
                while (!wakeups.isEmpty() && wakeups.peek().atNanos() <= now) {
                    User user = wakeups.poll().user();
                    if (now < endNanos) {
                        begin(user, now);
                    }
                }
                if (now - lastSweep >= SWEEP_NANOS) {
                    sweepTimeouts(now);
                    lastSweep = now;
                }
                if (now >= endNanos && open.get() == 0) {
                    return;
                }
                if (now >= drainDeadline) {
                    abandon();
                    return;
                }
                long wait = SWEEP_NANOS;
                if (!wakeups.isEmpty()) {
                    wait = Math.min(wait, wakeups.peek().atNanos() - now);
                }
                if (now < endNanos) {
                    wait = Math.min(wait, endNanos - now);
                }
                if (wait <= 0) {
                    selector.selectNow(this::onReady);
                } else {
                    selector.select(this::onReady, Math.max(1, (wait + 999_999) / 1_000_000));
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            loopFailure = e;
            errors.add("client failure", e.toString());
        } finally {
            for (User user : users) {
                closeConnection(user);
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing
            }
            finished.countDown();
        }
    }

    private void begin(User user, long now) {
        peakOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
        started.increment();
        user.inStream = true;
        user.streamStart = now;
        user.lastActivity = now;
        user.responseBytes = 0;
        user.errorBody = null;
        user.scanner = new SseScanner(System::nanoTime, events::increment);
        user.parser.reset();
        try {
            if (user.channel == null) {
                connect(user);
            } else {
                send(user);
            }
        } catch (IOException e) {
            fail(user, e, now);
        }
    }

    private void connect(User user) throws IOException {
        SocketChannel channel = SocketChannel.open();
        user.channel = channel;
        user.exchanges = 0;
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        user.connecting = true;
        if (channel.connect(spec.target().address())) {
            user.connecting = false;
            connections.increment();
            user.key = channel.register(selector, 0, user);
            send(user);
        } else {
            user.key = channel.register(selector, SelectionKey.OP_CONNECT, user);
        }
    }

    private void send(User user) throws IOException {
        user.exchanges++;
        ByteBuffer request = ByteBuffer.wrap(spec.target().request());
        user.channel.write(request);
        if (request.hasRemaining()) {
            user.pendingWrite = request;
            user.key.interestOps(SelectionKey.OP_WRITE);
        } else {
            user.pendingWrite = null;
            user.key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void onReady(SelectionKey key) {
        User user = (User) key.attachment();
        long now = System.nanoTime();
        try {
            if (key.isConnectable()) {
                user.channel.finishConnect();
                user.connecting = false;
                connections.increment();
                user.lastActivity = now;
                send(user);
            } else if (key.isWritable()) {
                user.channel.write(user.pendingWrite);
                if (!user.pendingWrite.hasRemaining()) {
                    user.pendingWrite = null;
                    key.interestOps(SelectionKey.OP_READ);
                }
            } else if (key.isReadable()) {
                read(user, now);
            }
        } catch (IOException e) {
            fail(user, e, now);
        } catch (CancelledKeyException e) {
            fail(user, new IOException("connection closed", e), now);
        }
    }

    private void read(User user, long now) throws IOException {
        byte[] array = readBuffer.array();
        while (true) {
            readBuffer.clear();
            int n = user.channel.read(readBuffer);
            if (n < 0) {
                endOfStream(user, now);
                return;
            }
            if (n == 0) {
                return;
            }
            user.lastActivity = now;
            user.responseBytes += n;
            if (!user.inStream) {
                throw new IOException("unexpected " + n + " bytes between responses");
            }
            int consumed = user.parser.feed(array, 0, n);
            if (user.parser.complete()) {
                finish(user, now, consumed < n);
                return;
            }
            if (n < readBuffer.capacity()) {
                return;
            }
        }
    }

    private void endOfStream(User user, long now) throws IOException {
        if (user.responseBytes == 0 && user.exchanges > 1) {
            // The server closed the idle keep-alive connection as the request went out: re-send on a new one.
            staleRetries.increment();
            closeConnection(user);
            connect(user);
            return;
        }
        user.parser.endOfStream();
        finish(user, now, true);
    }

    private void finish(User user, long now, boolean mustClose) {
        user.inStream = false;
        open.decrementAndGet();
        ResponseHead head = user.parser.head();
        boolean ok = false;
        if (head.status() < 200 || head.status() >= 300) {
            errors.add("http " + head.status(), user.errorBody == null ? null : user.errorBody.text());
        } else if (!user.scanner.sawDone()) {
            errors.add(ErrorCounts.NO_DONE, user.scanner.events() + " events, no [DONE]");
        } else {
            ok = true;
            completed.increment();
            eventsOfCompleteStreams.add(user.scanner.events());
            firstEvent.recordNanos(user.scanner.firstEventNanos() - user.streamStart);
            streamTime.recordNanos(now - user.streamStart);
        }
        if (mustClose || head.closes()) {
            closeConnection(user);
        }
        if (ok) {
            if (now < endNanos) {
                begin(user, now);
            }
        } else {
            closeConnection(user);
            wakeups.add(new Wakeup(now + ERROR_BACKOFF_NANOS, user));
        }
    }

    private void fail(User user, IOException e, long now) {
        if (user.inStream) {
            user.inStream = false;
            open.decrementAndGet();
        }
        errors.add(e);
        closeConnection(user);
        wakeups.add(new Wakeup(now + ERROR_BACKOFF_NANOS, user));
    }

    private void sweepTimeouts(long now) {
        for (User user : users) {
            if (!user.inStream) {
                continue;
            }
            long limit = user.connecting ? connectTimeoutNanos : readTimeoutNanos;
            if (limit > 0 && now - user.lastActivity > limit) {
                fail(user, new SocketTimeoutException((user.connecting ? "not connected" : "no byte received")
                        + " for " + limit / 1_000_000 + " ms"), now);
            }
        }
    }

    private void abandon() {
        int left = 0;
        for (User user : users) {
            if (user.inStream) {
                left++;
            }
        }
        for (User user : users) {
            if (user.inStream) {
                errors.add(ErrorCounts.UNFINISHED, left + " streams still open " + spec.drainTimeout() + " after the end");
                user.inStream = false;
                open.decrementAndGet();
            }
        }
    }

    private static void closeConnection(User user) {
        if (user.key != null) {
            user.key.cancel();
            user.key = null;
        }
        if (user.channel != null) {
            try {
                user.channel.close();
            } catch (IOException ignored) {
                // closing
            }
            user.channel = null;
        }
        user.pendingWrite = null;
        user.connecting = false;
    }

    @Override
    public void awaitEnd() throws InterruptedException {
        long wait = drainDeadline - System.nanoTime() + 10_000_000_000L;
        if (!finished.await(Math.max(0, wait), TimeUnit.NANOSECONDS)) {
            loop.interrupt();
            throw new IllegalStateException("the client's event loop did not finish");
        }
        if (loopFailure != null) {
            throw new UncheckedIOException(new IOException("the client's event loop failed", loopFailure));
        }
    }

    @Override
    public int openStreams() {
        return open.get();
    }

    @Override
    public int peakOpenStreams() {
        return peakOpen.get();
    }

    @Override
    public long events() {
        return events.sum();
    }

    @Override
    public long eventsOfCompleteStreams() {
        return eventsOfCompleteStreams.sum();
    }

    @Override
    public long completed() {
        return completed.sum();
    }

    @Override
    public long started() {
        return started.sum();
    }

    @Override
    public ErrorCounts errors() {
        return errors;
    }

    @Override
    public LatencyRecorder firstEvent() {
        return firstEvent;
    }

    @Override
    public LatencyRecorder streamTime() {
        return streamTime;
    }

    @Override
    public long connectionsOpened() {
        return connections.sum();
    }

    @Override
    public long staleRetries() {
        return staleRetries.sum();
    }
}
