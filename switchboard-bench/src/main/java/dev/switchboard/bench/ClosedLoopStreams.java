package dev.switchboard.bench;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * {@link StreamLoad} with one thread per user (virtual by default) doing blocking reads through
 * {@link Http1Client}. Simple, but every event costs a thread wake-up; {@link SelectorStreams}
 * is the cheaper client for high event rates. Users start spread evenly over the ramp-up; a user
 * whose stream fails waits 100 ms before the next, so a broken server shows up as errors rather
 * than a hot loop.
 */
final class ClosedLoopStreams implements StreamLoad {

    private static final long ERROR_BACKOFF_NANOS = 100_000_000;

    private final Spec spec;
    private final boolean platformThreads;
    private final Http1Client client;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger peakOpen = new AtomicInteger();
    private final LongAdder events = new LongAdder();
    private final LongAdder eventsOfCompleteStreams = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder started = new LongAdder();
    private final ErrorCounts errors = new ErrorCounts();
    private final LatencyRecorder firstEvent = new LatencyRecorder();
    private final LatencyRecorder streamTime = new LatencyRecorder();
    private final CountDownLatch usersDone;
    private long startNanos;
    private long endNanos;
    private volatile boolean abandoned;

    /** @param platformThreads one platform thread per user instead of a virtual thread */
    ClosedLoopStreams(Spec spec, Http1Client client, boolean platformThreads) {
        this.platformThreads = platformThreads;
        this.spec = spec;
        this.client = client;
        this.usersDone = new CountDownLatch(spec.concurrency());
    }

    @Override
    public void start(long nowNanos) {
        startNanos = nowNanos;
        endNanos = nowNanos + spec.duration().toNanos();
        Thread.Builder threads = platformThreads
                ? Thread.ofPlatform().daemon().stackSize(256 * 1024).name("stream-user-", 0)
                : Thread.ofVirtual().name("stream-user-", 0);
        long ramp = spec.rampUp().toNanos();
        for (int u = 0; u < spec.concurrency(); u++) {
            long firstStart = startNanos + ramp * u / spec.concurrency();
            threads.start(() -> user(firstStart));
        }
    }

    private void user(long firstStart) {
        try {
            long wait;
            while ((wait = firstStart - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            while (System.nanoTime() < endNanos && !abandoned) {
                if (!oneStream()) {
                    LockSupport.parkNanos(ERROR_BACKOFF_NANOS);
                }
            }
        } finally {
            usersDone.countDown();
        }
    }

    /** Runs one stream to its end; false if it failed. */
    private boolean oneStream() {
        peakOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
        started.increment();
        long begin = System.nanoTime();
        try {
            Reply reply = client.call(spec.target(), events::increment);
            long end = System.nanoTime();
            if (abandoned) {
                return false;
            }
            if (!reply.successful()) {
                errors.add("http " + reply.status(), reply.errorBody());
                return false;
            }
            if (!reply.sawDone()) {
                errors.add(ErrorCounts.NO_DONE, reply.events() + " events, no [DONE]");
                return false;
            }
            completed.increment();
            eventsOfCompleteStreams.add(reply.events());
            firstEvent.recordNanos(reply.firstEventNanos() - begin);
            streamTime.recordNanos(end - begin);
            return true;
        } catch (IOException | RuntimeException e) {
            if (!abandoned) {
                errors.add(e);
            }
            return false;
        } finally {
            open.decrementAndGet();
        }
    }

    @Override
    public void awaitEnd() throws InterruptedException {
        long deadline = endNanos + spec.drainTimeout().toNanos();
        long wait = Math.max(0, deadline - System.nanoTime());
        if (!usersDone.await(wait, TimeUnit.NANOSECONDS)) {
            abandoned = true;
            int left = open.get();
            for (int i = 0; i < left; i++) {
                errors.add(ErrorCounts.UNFINISHED, left + " streams still open " + spec.drainTimeout() + " after the end");
            }
            spec.target().pool().closeAll();
            usersDone.await(10, TimeUnit.SECONDS);
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
        return spec.target().pool().connectionsOpened();
    }

    @Override
    public long staleRetries() {
        return client.staleRetries();
    }
}
