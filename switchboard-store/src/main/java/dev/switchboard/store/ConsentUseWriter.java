package dev.switchboard.store;

import dev.switchboard.core.consent.ConsentUse;
import dev.switchboard.core.consent.ConsentUseLog;
import dev.switchboard.core.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes consent uses behind the requests that make them, like {@link UsageWriter} does usage:
 * {@link #record} only offers the use to a bounded queue, and a background virtual thread writes
 * the queue to the {@link ConsentStore} in batches every flush interval.
 *
 * <ul>
 *   <li>{@link #record} never waits: when the queue is full the use is dropped and counted
 *       ({@link #dropped()}), and drops are logged as a count, never with subjects or fields.
 *   <li>A batch that fails stays queued and is retried at the next interval; the store skips ids
 *       it already has, so a retry never duplicates a use.
 *   <li>{@link #flush()} writes everything queued before it returns (an erasure calls it first,
 *       so a use queued just before cannot bring the subject back after the erasure);
 *       {@link #close()} flushes and stops.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class ConsentUseWriter implements ConsentUseLog, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ConsentUseWriter.class.getName());
    private static final int BATCH = 500;

    private final ConsentStore store;
    private final ArrayBlockingQueue<ConsentUse> queue;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final LogThrottle dropLog = new LogThrottle(Ticker.system(), Duration.ofSeconds(10));
    private final Thread thread;

    /**
     * @param capacity most uses queued at once; at least 1
     * @param flushInterval how often the queue is written
     */
    public ConsentUseWriter(ConsentStore store, int capacity, Duration flushInterval) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("flushInterval must be positive: " + flushInterval);
        }
        this.store = store;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = Thread.ofVirtual().name("switchboard-consent-uses").start(() -> run(flushInterval));
    }

    @Override
    public void record(ConsentUse use) {
        if (!queue.offer(use)) {
            long count = dropped.incrementAndGet();
            if (dropLog.allow()) {
                LOG.log(System.Logger.Level.WARNING, "consent use log queue full: " + count
                        + " uses dropped so far (is the consent store reachable?)");
            }
        }
    }

    /**
     * Writes every queued use now.
     *
     * @throws StoreException when the store cannot be written (the uses stay queued)
     */
    public void flush() {
        writeLock.lock();
        try {
            while (!queue.isEmpty()) {
                List<ConsentUse> batch = new ArrayList<>(BATCH);
                for (ConsentUse use : queue) {
                    if (batch.size() == BATCH) {
                        break;
                    }
                    batch.add(use);
                }
                store.recordUses(batch);
                for (int i = 0; i < batch.size(); i++) {
                    queue.poll(); // only this lock's holder removes, and only what it wrote
                }
                written.addAndGet(batch.size());
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Uses written so far. */
    public long written() {
        return written.get();
    }

    /** Uses dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Uses queued and not yet written. */
    public int pending() {
        return queue.size();
    }

    private void run(Duration interval) {
        while (true) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            try {
                flush();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not write " + queue.size()
                        + " consent uses (retrying at the next interval): " + e.getMessage());
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
            LOG.log(System.Logger.Level.ERROR, queue.size() + " consent uses were lost at shutdown: " + e.getMessage());
        }
    }
}
