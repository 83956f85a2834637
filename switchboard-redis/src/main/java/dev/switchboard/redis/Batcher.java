package dev.switchboard.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Sends what threads submit in batches, in the order they were queued: whoever holds the sending
 * lock sends everything queued (up to a total weight), the others find their answers done when
 * they get the lock. A caller of {@link #submit} or {@link #submitLazily} still returns only once
 * its own item was sent, with its own answer, so the batching is invisible to it except for when
 * the item goes.
 *
 * <p>Three kinds of items: {@linkplain #submit urgent} ones are sent at once (with whatever is
 * queued before them); {@linkplain #submitLazily lazy} ones wait for a later batch to carry them,
 * up to a delay after which their caller sends them itself; {@linkplain #defer deferred} ones are
 * lazy ones whose caller does not wait at all: a batch carries them, or else one flusher thread
 * sends what is left of them after the delay (the first deferral's delay: a batcher's deferrals
 * should share one). So work that nobody waits for (a release, a budget
 * charge after the response) rides along with the next urgent call instead of costing a call of
 * its own, and a deferred item costs no thread of its own either (on a virtual-thread server each
 * parked and woken thread is a context switch or two).
 *
 * <p>Thread-safe.
 *
 * @param <I> an item to send
 * @param <O> the answer for one item
 */
final class Batcher<I, O> {

    private final Function<List<I>, List<O>> send;
    private final ToIntFunction<I> weight;
    private final int maxWeight;
    private final ConcurrentLinkedQueue<Queued<I, O>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final ReentrantLock sending = new ReentrantLock();
    private volatile boolean flushing;
    /** Whether the flusher is due to look at the queue (set by {@link #defer}, cleared by the flusher). */
    private final AtomicBoolean flushDue = new AtomicBoolean();
    private final Semaphore flushWanted = new Semaphore(0);
    private volatile Thread flusher;

    /**
     * @param send sends a batch and returns one answer per item, in order; a failure fails the
     *     whole batch
     * @param weight an item's share of a batch (e.g. its Redis keys)
     * @param maxWeight most weight sent in one batch (a heavier item still goes, alone)
     */
    Batcher(Function<List<I>, List<O>> send, ToIntFunction<I> weight, int maxWeight) {
        this.send = send;
        this.weight = weight;
        this.maxWeight = maxWeight;
    }

    /**
     * Sends {@code item} now, with whatever was queued before it (and possibly after), and returns
     * its answer.
     *
     * @throws RuntimeException what {@code send} threw for the batch carrying this item
     */
    O submit(I item) {
        return await(enqueue(item));
    }

    /**
     * Queues {@code item} for the next batch and returns its answer once it was sent: by a batch
     * some other caller sends within {@code delay}, or else by this caller when the delay is over
     * (at once after {@link #flushAll}, or if the thread is interrupted, whose flag stays set).
     *
     * @throws RuntimeException what {@code send} threw for the batch carrying this item
     */
    O submitLazily(I item, Duration delay) {
        Queued<I, O> mine = enqueue(item);
        if (!flushing && delay.isPositive()) {
            try {
                mine.answer.get(delay.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // not carried in time, or carried by a batch that failed: await reports which
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return await(mine);
    }

    /**
     * Queues {@code item} for the next batch and returns at once. A batch another caller sends
     * carries it, or else the flusher thread sends it about {@code delay} later; after
     * {@link #flushAll} it is sent before this returns. {@code whenSent} then gets its answer, or
     * the failure of the batch that carried it (the other argument null), on the thread that sent
     * the batch: it must not block.
     */
    void defer(I item, Duration delay, BiConsumer<? super O, ? super RuntimeException> whenSent) {
        Queued<I, O> mine = enqueue(item);
        mine.answer.whenComplete((answer, failure) -> {
            if (failure == null) {
                whenSent.accept(answer, null);
            } else if (failure instanceof RuntimeException e) {
                whenSent.accept(null, e);
            }
        });
        if (flushing) {
            try {
                await(mine);
            } catch (RuntimeException e) {
                // handed to whenSent above
            }
        } else if (flushDue.compareAndSet(false, true)) {
            startFlusher(delay);
            flushWanted.release();
        }
    }

    /**
     * Sends everything queued now, and from now on sends lazy items at once (for closing: nothing
     * is left waiting). Failures are left to the callers of the items.
     */
    void flushAll() {
        flushing = true;
        flushWanted.release(); // the flusher ends after its round
        LockSupport.unpark(flusher);
        sendAllQueued();
    }

    /** Items queued and not sent yet (for tests and metrics). */
    int queued() {
        return queued.get();
    }

    private void startFlusher(Duration delay) {
        if (flusher != null) {
            return;
        }
        synchronized (flushWanted) {
            if (flusher == null) {
                flusher = Thread.ofVirtual().name("switchboard-redis-flusher").start(() -> flushLoop(delay));
            }
        }
    }

    /**
     * Waits for deferred items, lets other batches carry them for {@code delay}, then sends one
     * batch of what is left. One batch, not until the queue is empty: under load the queue is
     * never empty, and callers waiting for the lock would wait for the flusher too.
     */
    private void flushLoop(Duration delay) {
        while (!flushing) {
            flushWanted.acquireUninterruptibly();
            if (!flushing) {
                LockSupport.parkNanos(delay.toNanos()); // a batch sent meanwhile carries what is queued
            }
            flushDue.set(false); // a deferral after this wakes the next round
            sending.lock();
            try {
                sendQueued();
            } finally {
                sending.unlock();
            }
            if (!queue.isEmpty() && flushDue.compareAndSet(false, true)) {
                flushWanted.release(); // more than a batch was left: another round
            }
        }
    }

    private void sendAllQueued() {
        sending.lock();
        try {
            while (!queue.isEmpty()) {
                sendQueued();
            }
        } finally {
            sending.unlock();
        }
    }

    private Queued<I, O> enqueue(I item) {
        Queued<I, O> mine = new Queued<>(item);
        queued.incrementAndGet();
        queue.add(mine);
        return mine;
    }

    private O await(Queued<I, O> mine) {
        while (!mine.answer.isDone()) {
            sending.lock();
            try {
                if (!mine.answer.isDone()) {
                    sendQueued();
                }
            } finally {
                sending.unlock();
            }
        }
        if (mine.answer.isCompletedExceptionally()) {
            Throwable failure = mine.answer.exceptionNow();
            if (failure instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) failure;
        }
        return mine.answer.resultNow();
    }

    private void sendQueued() {
        List<Queued<I, O>> batch = new ArrayList<>();
        int total = 0;
        for (Queued<I, O> next; total < maxWeight && (next = queue.poll()) != null; ) {
            queued.decrementAndGet();
            batch.add(next);
            total += weight.applyAsInt(next.item);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            List<O> answers = send.apply(batch.stream().map(queued -> queued.item).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).answer.complete(answers.get(i));
            }
        } catch (RuntimeException | Error e) { // every waiter must learn, or it would wait forever
            batch.forEach(queued -> queued.answer.completeExceptionally(e));
        }
    }

    private record Queued<I, O>(I item, CompletableFuture<O> answer) {
        Queued(I item) {
            this(item, new CompletableFuture<>());
        }
    }
}
