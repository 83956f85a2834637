package dev.switchboard.store;

import java.time.Duration;
import java.util.Optional;

/**
 * Writes request log entries behind the requests they describe, through a
 * {@link DroppingWriteBehind}: {@link #record} only offers the entry to a bounded queue (never waits)
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

    private final RequestLogRepository repository;
    private final DroppingWriteBehind<RequestLogEntry> queue;

    /**
     * @param capacity most entries queued at once; at least 1
     * @param flushInterval how often the queue is written
     */
    public RequestLogWriter(RequestLogRepository repository, int capacity, Duration flushInterval) {
        this.repository = repository;
        this.queue = new DroppingWriteBehind<>(LOG, "request log entries", repository::insertAll, capacity, flushInterval);
    }

    /** Queues the entry; drops it (counted) when the queue is full. Never blocks on the database. */
    public void record(RequestLogEntry entry) {
        queue.offer(entry);
    }

    /** The newest entry with this request id, queued or stored. */
    public Optional<RequestLogEntry> find(String requestId) {
        RequestLogEntry newest = null;
        for (RequestLogEntry queued : queue.queued()) {
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
        queue.flush();
    }

    /** Entries written so far. */
    public long written() {
        return queue.written();
    }

    /** Entries dropped because the queue was full. */
    public long dropped() {
        return queue.dropped();
    }

    /** Entries queued and not yet written. */
    public int pending() {
        return queue.pending();
    }

    /** Stops the background thread and writes what is queued; what cannot be written is logged as lost. */
    @Override
    public void close() {
        queue.close();
    }
}
