package dev.switchboard.core.pipeline;

import java.util.List;

/**
 * The body of a response as a sequence of {@link Event}s, read by one consumer thread.
 *
 * <p>Streaming responses are many chunk events; non-streaming responses are a stream of exactly one
 * event. Interceptors that look at output wrap the stream instead of collecting it, so nothing
 * buffers a whole answer unless a policy demands it.
 */
public interface EventStream extends AutoCloseable {

    /**
     * Blocks until the next event is available.
     *
     * @return the next event, or null once the stream has ended cleanly
     * @throws dev.switchboard.core.spi.UpstreamException if the upstream failed or timed out before
     *     the stream's clean end; the stream is closed by then
     */
    Event next();

    /**
     * Releases the stream and cancels the upstream call if it is still running. Idempotent, and
     * safe to call from any thread, including while another thread is blocked in {@link #next()}
     * (which then fails).
     */
    @Override
    void close();

    /**
     * This stream, running {@code action} once when it ends: at its clean end, when it fails, or
     * when it is closed early (after this stream's own close).
     */
    default EventStream whenEnded(Runnable action) {
        return new EndingStream(this, action);
    }

    /** A stream of the given events, for responses produced in process (a cache hit, a test). */
    static EventStream of(List<Event> events) {
        return new EventStream() {
            private int next;

            @Override
            public Event next() {
                return next < events.size() ? events.get(next++) : null;
            }

            @Override
            public void close() {
                next = events.size();
            }
        };
    }
}
