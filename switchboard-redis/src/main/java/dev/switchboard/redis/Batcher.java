package dev.switchboard.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Sends what threads submit at the same moment in one batch: whoever holds the sending lock sends
 * everything queued (up to a total weight), the others find their answers done when they get the
 * lock. Each caller still returns only once its own item was sent, with its own answer, so the
 * batching is invisible to it. Thread-safe.
 *
 * @param <I> an item to send
 * @param <O> the answer for one item
 */
final class Batcher<I, O> {

    private final Function<List<I>, List<O>> send;
    private final ToIntFunction<I> weight;
    private final int maxWeight;
    private final ConcurrentLinkedQueue<Queued<I, O>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock sending = new ReentrantLock();

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
     * Sends {@code item}, together with what others queued meanwhile, and returns its answer.
     *
     * @throws RuntimeException what {@code send} threw for the batch carrying this item
     */
    O submit(I item) {
        Queued<I, O> mine = new Queued<>(item);
        queue.add(mine);
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
            throw (RuntimeException) mine.answer.exceptionNow();
        }
        return mine.answer.resultNow();
    }

    private void sendQueued() {
        List<Queued<I, O>> batch = new ArrayList<>();
        int total = 0;
        for (Queued<I, O> queued; total < maxWeight && (queued = queue.poll()) != null; ) {
            batch.add(queued);
            total += weight.applyAsInt(queued.item);
        }
        try {
            List<O> answers = send.apply(batch.stream().map(queued -> queued.item).toList());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).answer.complete(answers.get(i));
            }
        } catch (RuntimeException e) {
            batch.forEach(queued -> queued.answer.completeExceptionally(e));
        }
    }

    private record Queued<I, O>(I item, CompletableFuture<O> answer) {
        Queued(I item) {
            this(item, new CompletableFuture<>());
        }
    }
}
