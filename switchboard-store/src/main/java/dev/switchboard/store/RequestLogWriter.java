package dev.switchboard.store;

import dev.switchboard.core.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes request log entries behind the requests they describe, like {@link ConsentUseWriter}
 * does consent uses: {@link #record} only offers the entry to a bounded queue (never waits)
 * and a background virtual thread writes the queue to the {@link RequestLogRepository} in batches
 * every flush interval, or sooner once a batch is full.
 *
 * <ul>
 *   <li>{@link #record} never waits: when the queue is full the entry is dropped and counted
 *       ({@link #dropped()}); drops are logged as a count at most every 10 s, never with contents.
 *       The request log is for finding requests; the usage ledger, not this, is what bills them.
 *   <li>A batch that fails stays queued and is retried at the next interval; ids already stored
 *       are skipped, so a retry never duplicates an entry.
 *   <li>{@link #find} sees queued entries too, so an entry is found the moment its request ended.
 *   <li>{@link #close()} writes what is queued and stops.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class RequestLogWriter implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RequestLogWriter.class.getName());
    private static final int BATCH = 500;

    private final RequestLogRepository repository;
    // separate put and take locks and a lock-free size(): request threads do not wait on the writer
    private final LinkedBlockingQueue<RequestLogEntry> queue;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final LogThrottle dropLog = new LogThrottle(Ticker.system(), Duration.ofSeconds(10));
    private final LogThrottle failureLog = new LogThrottle(Ticker.system(), Duration.ofSeconds(10));
    private final Object wake = new Object();
    private final Thread thread;

    /**
     * @param capacity most entries queued at once; at least 1
     * @param flushInterval how often the queue is written
     */
    public RequestLogWriter(RequestLogRepository repository, int capacity, Duration flushInterval) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("flushInterval must be positive: " + flushInterval);
        }
        this.repository = repository;
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.thread = Thread.ofVirtual().name("switchboard-request-log").start(() -> run(flushInterval));
    }

    /** Queues the entry; drops it (counted) when the queue is full. Never blocks on the database. */
    public void record(RequestLogEntry entry) {
        if (!queue.offer(entry)) {
            long count = dropped.incrementAndGet();
            if (dropLog.allow()) {
                LOG.log(System.Logger.Level.WARNING, "request log queue full: " + count
                        + " entries dropped so far (is the store reachable?)");
            }
        } else if (queue.size() == BATCH) {
            synchronized (wake) {
                wake.notifyAll();
            }
        }
    }

    /** The newest entry with this request id, queued or stored. */
    public Optional<RequestLogEntry> find(String requestId) {
        RequestLogEntry newest = null;
        for (RequestLogEntry queued : queue) {
            if (queued.requestId().equals(requestId) && (newest == null || !queued.at().isBefore(newest.at()))) {
                newest = queued;
            }
        }
        return newest != null ? Optional.of(newest) : repository.find(requestId);
    }

    /**
     * Writes every queued entry now.
     *
     * @throws StoreException when the store cannot be written (the entries stay queued)
     */
    public void flush() {
        writeLock.lock();
        try {
            while (!queue.isEmpty()) {
                List<RequestLogEntry> batch = new ArrayList<>(Math.min(BATCH, queue.size()));
                for (RequestLogEntry entry : queue) {
                    if (batch.size() == BATCH) {
                        break;
                    }
                    batch.add(entry);
                }
                repository.insertAll(batch);
                for (int i = 0; i < batch.size(); i++) {
                    queue.poll(); // only this lock's holder removes, and only what it wrote
                }
                written.addAndGet(batch.size());
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Entries written so far. */
    public long written() {
        return written.get();
    }

    /** Entries dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Entries queued and not yet written. */
    public int pending() {
        return queue.size();
    }

    private void run(Duration interval) {
        boolean failing = false;
        while (true) {
            try {
                synchronized (wake) {
                    if (failing || queue.size() < BATCH) { // a full queue waits too while the store is down
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
                    LOG.log(System.Logger.Level.WARNING, "could not write " + queue.size()
                            + " request log entries (retrying at the next interval): " + e.getMessage());
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
            LOG.log(System.Logger.Level.ERROR, queue.size() + " request log entries were lost at shutdown: "
                    + e.getMessage());
        }
    }
}
