package dev.switchboard.redis;

import dev.switchboard.redis.LimitsCall.Release;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Releases that could not reach Redis, kept to be sent when it is back: without them a request
 * that ended during an outage would hold its concurrency slot until its lease expires. Releasing is
 * idempotent, so sending one that Redis did receive after all does no harm. Bounded: past
 * {@code capacity} new ones are dropped (and counted); their leases expire instead.
 *
 * <p>Thread-safe.
 */
final class PendingReleases {

    private final int capacity;
    private final ConcurrentLinkedDeque<Release> queue = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean replaying = new AtomicBoolean();
    private final LongAdder dropped = new LongAdder();

    PendingReleases(int capacity) {
        this.capacity = capacity;
    }

    void add(Release release) {
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            dropped.increment();
            return;
        }
        queue.addLast(release);
    }

    /**
     * Sends the kept releases, oldest first, until one fails (it is kept for next time). Runs in
     * one thread at a time; a call while another replays returns at once.
     */
    void replay(Consumer<Release> send) {
        if (!replaying.compareAndSet(false, true)) {
            return;
        }
        try {
            Release release;
            while ((release = queue.pollFirst()) != null) {
                try {
                    send.accept(release);
                    size.decrementAndGet();
                } catch (RedisUnavailableException e) {
                    queue.addFirst(release);
                    return;
                }
            }
        } finally {
            replaying.set(false);
        }
    }

    /** True while a {@link #replay} runs. */
    boolean replaying() {
        return replaying.get();
    }

    int size() {
        return size.get();
    }

    long dropped() {
        return dropped.sum();
    }
}
