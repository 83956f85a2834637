package dev.switchboard.store;

import dev.switchboard.core.consent.ConsentUse;
import dev.switchboard.core.consent.ConsentUseLog;
import java.time.Duration;

/**
 * Writes consent uses behind the requests that make them ({@link DroppingWriteBehind}):
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

    private final DroppingWriteBehind<ConsentUse> queue;

    /**
     * @param capacity most uses queued at once; at least 1
     * @param flushInterval how often the queue is written
     */
    public ConsentUseWriter(ConsentStore store, int capacity, Duration flushInterval) {
        this.queue = new DroppingWriteBehind<>(LOG, "consent uses", store::recordUses, capacity, flushInterval);
    }

    @Override
    public void record(ConsentUse use) {
        queue.offer(use);
    }

    /**
     * Writes every queued use now.
     *
     * @throws StoreException when the store cannot be written (the uses stay queued)
     */
    public void flush() {
        queue.flush();
    }

    /** Uses written so far. */
    public long written() {
        return queue.written();
    }

    /** Uses dropped because the queue was full. */
    public long dropped() {
        return queue.dropped();
    }

    /** Uses queued and not yet written. */
    public int pending() {
        return queue.pending();
    }

    /** Stops the background thread and writes what is queued; what cannot be written is logged as lost. */
    @Override
    public void close() {
        queue.close();
    }
}
