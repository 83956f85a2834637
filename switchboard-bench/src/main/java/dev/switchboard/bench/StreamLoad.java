package dev.switchboard.bench;

/**
 * Closed-loop streaming load: N users, each opening a streaming request, reading every event until
 * {@code [DONE]} and immediately opening the next, until the duration ends; streams open at the end
 * are read to completion (up to a drain timeout). Counters are safe to read from any thread while
 * the load runs.
 */
interface StreamLoad {

    /**
     * @param concurrency   number of users (= streams open at once in steady state)
     * @param rampUp        users start spread over this span
     * @param duration      from the first user's start to the moment no new stream is opened
     * @param drainTimeout  how long open streams may take to finish after that
     */
    record Spec(Target target, int concurrency, java.time.Duration rampUp, java.time.Duration duration,
                java.time.Duration drainTimeout) {
        public Spec {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
            }
        }
    }

    /** Starts the users (spread over the ramp-up); returns at once. */
    void start(long nowNanos);

    /** Waits until every user has finished its last stream, or the drain timeout passed. */
    void awaitEnd() throws InterruptedException;

    int openStreams();

    int peakOpenStreams();

    /** SSE events received, {@code [DONE]} included. */
    long events();

    /** Events of the streams that completed with {@code [DONE]}. */
    long eventsOfCompleteStreams();

    long completed();

    long started();

    ErrorCounts errors();

    /** Time from opening a stream (sending its request) to its first event, µs. */
    LatencyRecorder firstEvent();

    /** Time from opening a stream to its last byte, µs. */
    LatencyRecorder streamTime();

    long connectionsOpened();

    /** Streams re-sent on a new connection because a reused one turned out closed. */
    long staleRetries();
}
