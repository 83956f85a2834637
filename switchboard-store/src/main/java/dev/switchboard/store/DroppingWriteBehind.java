package dev.switchboard.store;

import dev.switchboard.core.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A bounded queue written behind in batches by a background platform thread: the common part of
 * {@link ConsentUseWriter} and {@link RequestLogWriter}, whose records may be dropped under
 * pressure (the usage ledger, which bills, must not, and has its own {@link UsageWriter}).
 *
 * <ul>
 *   <li>{@link #offer} never waits: when the queue is full the item is dropped and counted, and
 *       drops are logged as a count at most every 10 s, never with contents.
 *   <li>The queue is written every flush interval, or as soon as a batch is full.
 *   <li>A batch the sink fails on stays queued and is retried at the next interval (a full queue
 *       waits too while failing); sinks skip items they already stored, so a retry never
 *       duplicates one.
 *   <li>{@link #flush()} writes everything queued before it returns; {@link #close()} stops the
 *       thread and flushes.
 * </ul>
 *
 * <p>Thread-safe.
 *
 * @param <T> the queued records
 */
final class DroppingWriteBehind<T> implements AutoCloseable {

    static final int BATCH = 500;

    private final System.Logger log;
    private final String what;
    private final Consumer<List<T>> sink;
    // separate put and take locks and a lock-free size(): request threads do not wait on the writer
    private final LinkedBlockingQueue<T> queue;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final LogThrottle dropLog = new LogThrottle(Ticker.system(), Duration.ofSeconds(10));
    private final LogThrottle failureLog = new LogThrottle(Ticker.system(), Duration.ofSeconds(10));
    private final Object wake = new Object();
    private final Thread thread;

    /**
     * @param what the records in plural, for log lines ("consent uses")
     * @param sink writes one batch, all or nothing; throws when it cannot
     * @param capacity most records queued at once; at least 1
     * @param flushInterval how often the queue is written; positive
     */
    DroppingWriteBehind(System.Logger log, String what, Consumer<List<T>> sink, int capacity, Duration flushInterval) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("flushInterval must be positive: " + flushInterval);
        }
        this.log = log;
        this.what = what;
        this.sink = sink;
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.thread = Thread.ofPlatform().daemon().name("switchboard-" + what.replace(' ', '-')).start(() -> run(flushInterval));
    }

    /** Queues the record; drops it (counted) when the queue is full. Never blocks on the database. */
    void offer(T record) {
        if (!queue.offer(record)) {
            long count = dropped.incrementAndGet();
            if (dropLog.allow()) {
                log.log(System.Logger.Level.WARNING, what + " queue full: " + count
                        + " dropped so far (is the store reachable?)");
            }
        } else if (queue.size() == BATCH) {
            synchronized (wake) {
                wake.notifyAll();
            }
        }
    }

    /** The queued records, oldest first (a snapshot, for lookups before they are written). */
    Iterable<T> queued() {
        return queue;
    }

    /**
     * Writes every queued record now.
     *
     * @throws StoreException when the store cannot be written (the records stay queued)
     */
    void flush() {
        writeLock.lock();
        try {
            while (!queue.isEmpty()) {
                List<T> batch = new ArrayList<>(Math.min(BATCH, queue.size()));
                for (T record : queue) {
                    if (batch.size() == BATCH) {
                        break;
                    }
                    batch.add(record);
                }
                sink.accept(batch);
                for (int i = 0; i < batch.size(); i++) {
                    queue.poll(); // only this lock's holder removes, and only what it wrote
                }
                written.addAndGet(batch.size());
            }
        } finally {
            writeLock.unlock();
        }
    }

    long written() {
        return written.get();
    }

    long dropped() {
        return dropped.get();
    }

    int pending() {
        return queue.size();
    }

    private void run(Duration interval) {
        boolean failing = false;
        while (true) {
            try {
                synchronized (wake) {
                    if (failing || queue.size() < BATCH) {
                        wake.wait(interval.toMillis());
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
            try {
                flush();
                failing = false;
            } catch (RuntimeException e) {
                failing = true;
                if (failureLog.allow()) {
                    log.log(System.Logger.Level.WARNING, "could not write " + queue.size() + " " + what
                            + " (retrying at the next interval): " + e.getMessage());
                }
            }
        }
    }

    /** Stops the background thread and writes what is queued; what cannot be written is logged as lost. */
    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            flush();
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.ERROR, queue.size() + " " + what + " were lost at shutdown: " + e.getMessage());
        }
    }
}
