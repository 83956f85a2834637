package dev.switchboard.bench;

/**
 * What came back for one request.
 *
 * @param status           HTTP status
 * @param events           SSE events seen ({@code [DONE]} included); 0 for a non-streaming response
 * @param sawDone          the stream ended with {@code data: [DONE]}
 * @param firstEventNanos  clock reading when the first event was complete; 0 if none
 * @param errorBody        start of the body of a non-2xx response, else null
 * @param gatewayMicros    the gateway's own time from its Server-Timing header, microseconds;
 *                         {@link ServerTiming#NONE} when the response carried none (direct, or an older gateway)
 */
record Reply(int status, long events, boolean sawDone, long firstEventNanos, String errorBody, long gatewayMicros) {

    boolean successful() {
        return status >= 200 && status < 300;
    }
}
