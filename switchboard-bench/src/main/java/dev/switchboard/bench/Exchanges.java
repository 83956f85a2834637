package dev.switchboard.bench;

import java.io.IOException;

/**
 * Runs request/response exchanges with one target for the open-loop phases. {@link #submit} is
 * called by the schedule's thread when a request is due and must not block; the outcome arrives on
 * the callback, on whatever thread the implementation uses.
 */
interface Exchanges extends AutoCloseable {

    /** The outcome of one exchange. Exactly one of {@link #completed} and {@link #failed} is called. */
    interface Callback {
        /** The request is being written now (schedule lag = this minus its scheduled time). */
        void sending(long nanos);

        void completed(Reply reply, long endNanos);

        void failed(IOException failure);
    }

    void submit(Callback callback);

    /** Closes every connection with a request in flight; those requests fail. */
    void abortInFlight();

    /** Connections opened so far. */
    long connectionsOpened();

    /** Requests re-sent because a reused keep-alive connection turned out closed. */
    long staleRetries();

    @Override
    void close();
}
