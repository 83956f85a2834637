package dev.switchboard.store;

import dev.switchboard.core.accounting.UsageRecord;
import dev.switchboard.core.accounting.UsageSink;
import dev.switchboard.core.time.Sleeper;
import dev.switchboard.core.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Writes usage records behind the requests that produce them: {@link #record} only puts the record
 * in a bounded queue, and a background (virtual) thread writes the queue to the
 * {@link UsageRepository} in batches, every flush interval or as soon as a batch is full.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>{@link #record} never waits on the database. When the queue is full it waits at most
 *       50 ms for room, then drops the record and counts it ({@link #dropped()}); drops are logged
 *       at most once per 10 s, as a count, never with record contents.
 *   <li>A failed batch stays at the head of the queue and is retried with exponential backoff (up
 *       to the max retry backoff): a database outage delays records, it does not lose them, as
 *       long as the queue holds them. Records are removed from the queue only once written, so
 *       {@link #pending()} never exceeds the capacity. Retries never duplicate a record: the
 *       repository skips ids it already has.
 *   <li>{@link #close()} writes everything queued before it returns, so a clean shutdown loses
 *       nothing (if the database stays unreachable it gives up after the close timeout and logs
 *       how many records were lost).
 *   <li>A crash (the process killed) loses what was queued and not yet written: normally at most
 *       the records of the last flush interval; during an outage, everything queued since it began.
 * </ul>
 *
 * <p>Thread-safe: any number of threads may call {@link #record}; {@link #flush} and
 * {@link #close} may be called from any thread.
 */
public final class UsageWriter implements UsageSink, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(UsageWriter.class.getName());
    private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);
    private static final long OFFER_WAIT_MILLIS = 50;
    private static final Duration FIRST_RETRY_BACKOFF = Duration.ofMillis(100);

    private final UsageRepository repository;
    private final ArrayBlockingQueue<UsageRecord> queue;
    private final int capacity;
    private final int batchSize;
    private final Duration flushInterval;
    private final Duration maxRetryBackoff;
    private final Duration closeTimeout;
    private final Ticker ticker;
    private final Sleeper sleeper;
    private final Thread thread;

    /** Held while writing; only its holder removes records, and only from the head. */
    private final ReentrantLock writeLock = new ReentrantLock();
    /** {@link #record} holds the read side, {@link #close} the write side: nothing slips in after the last write. */
    private final ReentrantReadWriteLock acceptance = new ReentrantReadWriteLock();
    private boolean closed; // guarded by acceptance
    private final ReentrantLock signalLock = new ReentrantLock();
    private final Condition signal = signalLock.newCondition();
    private boolean wakeRequested; // guarded by signalLock
    private boolean stopping; // guarded by signalLock
    private final AtomicBoolean batchSignalled = new AtomicBoolean();

    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failedWrites = new AtomicLong();
    private final AtomicLong droppedReported = new AtomicLong();
    private final LogThrottle dropLog;
    private final LogThrottle failureLog;

    private UsageWriter(Builder builder) {
        this.repository = builder.repository;
        this.capacity = builder.capacity;
        this.batchSize = builder.batchSize;
        this.flushInterval = builder.flushInterval;
        this.maxRetryBackoff = builder.maxRetryBackoff;
        this.closeTimeout = builder.closeTimeout;
        this.ticker = builder.ticker;
        this.sleeper = builder.sleeper;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.dropLog = new LogThrottle(ticker, LOG_INTERVAL);
        this.failureLog = new LogThrottle(ticker, LOG_INTERVAL);
        this.thread = Thread.ofPlatform().daemon().name("switchboard-usage-writer").unstarted(this::run);
    }

    /** A writer with the defaults, started. */
    public static UsageWriter start(UsageRepository repository) {
        return builder(repository).start();
    }

    public static Builder builder(UsageRepository repository) {
        return new Builder(repository);
    }

    /**
     * Queues the record for writing; returns without waiting on the database. When the queue is
     * full it waits at most 50 ms, then drops the record (counted); after {@link #close} every
     * record is dropped.
     *
     * @throws NullPointerException when the record, its id or its time is null (it could never be written)
     */
    @Override
    public void record(UsageRecord record) {
        Objects.requireNonNull(record, "usage record");
        Objects.requireNonNull(record.id(), "usage record id");
        Objects.requireNonNull(record.at(), "usage record at");
        acceptance.readLock().lock();
        try {
            if (closed || !enqueue(record)) {
                drop();
                return;
            }
        } finally {
            acceptance.readLock().unlock();
        }
        if (queue.size() >= batchSize && batchSignalled.compareAndSet(false, true)) {
            wake();
        }
    }

    /**
     * Writes, on the calling thread, every record queued when it is called.
     *
     * @throws StoreException when a batch cannot be written; its records stay queued and the
     *     background thread keeps retrying them
     */
    public void flush() {
        writeQueued();
    }

    /**
     * Stops accepting records, writes every queued one and stops the background thread. If the
     * database is unreachable it retries for the close timeout, then logs how many records are
     * lost and counts them as dropped. Idempotent.
     */
    @Override
    public void close() {
        acceptance.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            acceptance.writeLock().unlock();
        }
        signalLock.lock();
        try {
            stopping = true;
            signal.signalAll();
        } finally {
            signalLock.unlock();
        }
        boolean interrupted = joinWriterThread();
        try {
            writeRemaining();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Records written to the database since start. */
    public long written() {
        return written.get();
    }

    /** Records dropped because the queue was full (or the writer closed, or shut down during an outage). */
    public long dropped() {
        return dropped.get();
    }

    /** Records queued and not yet written, including a batch being retried. */
    public long pending() {
        return queue.size();
    }

    /** Batch writes that failed (each retry counts). */
    public long failedWrites() {
        return failedWrites.get();
    }

    private boolean enqueue(UsageRecord record) {
        if (queue.offer(record)) {
            return true;
        }
        try {
            return queue.offer(record, OFFER_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void run() {
        Duration backoff = Duration.ZERO;
        while (awaitWork(backoff)) {
            try {
                writeQueued();
                if (!backoff.isZero()) {
                    LOG.log(System.Logger.Level.INFO, "usage records are being written again");
                }
                backoff = Duration.ZERO;
            } catch (RuntimeException e) {
                backoff = backoff.isZero() ? FIRST_RETRY_BACKOFF : min(backoff.multipliedBy(2), maxRetryBackoff);
                logFailure(e, backoff);
            }
        }
    }

    /**
     * Waits for the flush interval, a full batch or a flush request; while retrying ({@code backoff}
     * not zero), for the backoff only. Returns false when the writer is stopping.
     */
    private boolean awaitWork(Duration backoff) {
        boolean retrying = !backoff.isZero();
        signalLock.lock();
        try {
            long nanos = (retrying ? backoff : flushInterval).toNanos();
            while (!stopping && (retrying || !wakeRequested) && nanos > 0) {
                nanos = signal.awaitNanos(nanos);
            }
            wakeRequested = false;
            batchSignalled.set(false);
            return !stopping;
        } catch (InterruptedException e) {
            return false; // only close() could mean it; close() writes what is left
        } finally {
            signalLock.unlock();
        }
    }

    private void wake() {
        signalLock.lock();
        try {
            wakeRequested = true;
            signal.signalAll();
        } finally {
            signalLock.unlock();
        }
    }

    /** Writes the records queued now, batch by batch, removing each batch once it is stored. */
    private void writeQueued() {
        writeLock.lock();
        try {
            int remaining = queue.size();
            while (remaining > 0) {
                List<UsageRecord> batch = head(Math.min(batchSize, remaining));
                try {
                    repository.insertAll(batch);
                } catch (RuntimeException e) {
                    failedWrites.incrementAndGet();
                    throw e;
                }
                for (int i = 0; i < batch.size(); i++) {
                    queue.poll();
                }
                written.addAndGet(batch.size());
                remaining -= batch.size();
            }
        } finally {
            writeLock.unlock();
        }
    }

    private List<UsageRecord> head(int count) {
        List<UsageRecord> batch = new ArrayList<>(count);
        Iterator<UsageRecord> records = queue.iterator();
        while (batch.size() < count && records.hasNext()) {
            batch.add(records.next());
        }
        return batch;
    }

    private void writeRemaining() {
        long deadline = ticker.read() + closeTimeout.toNanos();
        Duration backoff = FIRST_RETRY_BACKOFF;
        while (true) {
            try {
                writeQueued();
                return;
            } catch (RuntimeException e) {
                if (ticker.read() - deadline >= 0 || !sleep(backoff)) {
                    int lost = queue.size();
                    queue.clear();
                    dropped.addAndGet(lost);
                    LOG.log(System.Logger.Level.ERROR, "usage writer closed with {0} records it could not write; "
                            + "they are lost: {1}", lost, reason(e));
                    return;
                }
                backoff = min(backoff.multipliedBy(2), maxRetryBackoff);
            }
        }
    }

    private boolean sleep(Duration duration) {
        try {
            sleeper.sleep(duration);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean joinWriterThread() {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
    }

    private void drop() {
        long total = dropped.incrementAndGet();
        if (dropLog.allow()) {
            long since = total - droppedReported.getAndSet(total);
            LOG.log(System.Logger.Level.WARNING, "dropped {0} usage records since the last report ({1} in all): "
                    + "the queue of {2} was full or the writer closed", since, total, capacity);
        }
    }

    private void logFailure(RuntimeException failure, Duration backoff) {
        if (failureLog.allow()) {
            LOG.log(System.Logger.Level.WARNING, "usage records could not be written ({0} kept, retrying in {1} ms): {2}",
                    queue.size(), backoff.toMillis(), reason(failure));
        }
    }

    /** What went wrong, without record contents: store messages are built to be safe to log; others are not. */
    private static String reason(RuntimeException failure) {
        return failure instanceof StoreException ? failure.getMessage() : failure.getClass().getName();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Options of a {@link UsageWriter}; every one has a default. Not thread-safe. */
    public static final class Builder {

        private final UsageRepository repository;
        private int capacity = 100_000;
        private int batchSize = 500;
        private Duration flushInterval = Duration.ofSeconds(1);
        private Duration maxRetryBackoff = Duration.ofSeconds(5);
        private Duration closeTimeout = Duration.ofSeconds(10);
        private Ticker ticker = Ticker.system();
        private Sleeper sleeper = Sleeper.system();

        private Builder(UsageRepository repository) {
            this.repository = Objects.requireNonNull(repository, "repository");
        }

        /** Records the queue holds before {@link #record} drops; default 100 000. */
        public Builder capacity(int records) {
            if (records < 1) {
                throw new IllegalArgumentException("capacity must be at least 1: " + records);
            }
            this.capacity = records;
            return this;
        }

        /** Records per batch, and the queue length that triggers a write before the interval; default 500. */
        public Builder batchSize(int records) {
            if (records < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1: " + records);
            }
            this.batchSize = records;
            return this;
        }

        /** The longest a record waits in the queue while the database is up; default 1 s. */
        public Builder flushInterval(Duration interval) {
            this.flushInterval = positive(interval, "flushInterval");
            return this;
        }

        /** The longest wait between retries of a failed batch (they start at 100 ms and double); default 5 s. */
        public Builder maxRetryBackoff(Duration backoff) {
            this.maxRetryBackoff = positive(backoff, "maxRetryBackoff");
            return this;
        }

        /** How long {@link UsageWriter#close} keeps retrying an unreachable database; default 10 s. */
        public Builder closeTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("closeTimeout cannot be negative: " + timeout);
            }
            this.closeTimeout = timeout;
            return this;
        }

        /** Time source for log throttling and the close timeout; default the system's. */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** How {@link UsageWriter#close} waits between retries; default {@link Thread#sleep}. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** A writer with these options, its background thread running. */
        public UsageWriter start() {
            UsageWriter writer = new UsageWriter(this);
            writer.thread.start();
            return writer;
        }

        private static Duration positive(Duration duration, String name) {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + duration);
            }
            return duration;
        }
    }
}
